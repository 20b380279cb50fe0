import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../../engine/bus/bus-events';
import { SimClock } from '../../../../engine/clock/sim-clock';
import { buildKernel } from '../../../../engine/kernel/kernel';
import { wasmProcessorImpls } from '../../../../engine/kernel/node/wasm-trade-processors';
import type { SeriesSink } from '../../../../engine/kernel/series-sink';
import { EventKind, createEventBatch } from '../../../../engine/model/events';
import { builtWasmModule } from '../../lake/node/lake-helpers';
import { type Row, fillBatch, stream } from '../../replay/array-source';

/*
 * The WebAssembly trade processors against the registry's, which stay the reference: the same
 * kernel fed the same batches must publish the same values bit for bit, in the same order, the
 * same errors and breaches, counts and snapshots — listened to or only counted, with runs of
 * any length (latency samples cut them; ranges longer than the module's staging are cut too),
 * one batch object refilled between calls as the reader does.
 */

const MODULE = builtWasmModule('trade-kernels.wasm');
const STREAMS = [
  stream(0, 'trades', 'BTCUSDT'),
  stream(1, 'trades', 'ETHUSDT'),
  stream(2, 'trades', 'SOLUSDT'),
];
/**
 * Every kind the module implements, with parameters small enough for windows to fill and roll
 * (var:8 and var:30 keep the largest loss in order, var:101 the two largest, var:201 three).
 */
const LIST =
  'vwap:2s,ema:3,sma:4,rsi:4,zscore:6,limit:150,drawdown:0.4,vwap:500ms,var:8,var:30,var:101,var:201,' +
  'ema:1,rsi:1,zscore:2,limit:1000,drawdown:3';

class Collect implements SeriesSink {
  readonly rows: string[] = [];
  write(ts: number, proc: string, _venue: string, sym: string, name: string, v: number): void {
    this.rows.push(`${ts} ${proc} ${sym} ${name} ${bits(v)}`);
  }
}

/** The value's exact bits (toEqual would take −0 for 0 and any NaN for another). */
function bits(v: number): string {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, v);
  return b.getBigUint64(0).toString(16);
}

function run(rows: readonly Row[], chunk: number, sampleEvery: number, listen: boolean, wasm: boolean) {
  const sink = new Collect();
  const events: string[] = [];
  const kernel = buildKernel(
    { processors: LIST, latencySampleEvery: sampleEvery },
    {
      clock: new SimClock(),
      source: { streams: STREAMS },
      ...(listen ? { sinks: [sink] } : {}),
      eventSinks: [(e: BusEvent) => events.push(JSON.stringify(e))],
      ...(wasm ? { processorImpls: wasmProcessorImpls(MODULE) } : {}),
    },
  );
  const batch = createEventBatch(chunk);
  for (let at = 0; at < rows.length; at += chunk)
    kernel.process(fillBatch(rows.slice(at, at + chunk), batch));
  const s = kernel.summary();
  return {
    names: kernel.processors.map((p) => p.constructor.name),
    values: sink.rows,
    events,
    snapshots: JSON.stringify(s.processors.map((p) => [p.snapshot, p.emitted, p.errors])),
    total: s.valuesEmitted,
  };
}

/**
 * Trades on three streams (random walks with flat stretches, zero sizes, now and then a bad
 * value), and quotes.
 */
const rowsArb = fc
  .array(
    fc.record({
      stream: fc.integer({ min: 0, max: 2 }),
      dt: fc.integer({ min: -20_000, max: 200_000 }),
      // Now and then an unchanged price: a zero return, a loss of +0 (never −0) for var.
      step: fc.oneof(
        { arbitrary: fc.constant(0), weight: 1 },
        { arbitrary: fc.double({ min: -0.02, max: 0.02, noNaN: true }), weight: 3 },
      ),
      size: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 3, noNaN: true })),
      quote: fc.integer({ min: 0, max: 9 }),
      bad: fc.integer({ min: 0, max: 40 }),
    }),
    { minLength: 1, maxLength: 600, size: 'large' },
  )
  .map((draws) => {
    let ts = 1_700_000_000_000_000;
    const px = [100, 140, 160];
    return draws.map((d): Row => {
      // Now and then time steps back (a trade before its stream's last one is refused).
      ts += d.dt;
      const p = (px[d.stream] as number) * (1 + d.step);
      px[d.stream] = p;
      if (d.quote === 0) return { kind: EventKind.Quote, stream: d.stream, tsUs: ts, a: p, b: 1, c: p, d: 1 };
      const a = d.bad === 0 ? Number.NaN : d.bad === 1 ? Infinity : p;
      return { kind: EventKind.Trade, stream: d.stream, tsUs: ts, a, b: d.bad === 2 ? -1 : d.size };
    });
  });

function expectSame(rows: readonly Row[], chunk: number, sampleEvery: number): void {
  for (const listen of [true, false]) {
    const ref = run(rows, chunk, sampleEvery, listen, false);
    const wasm = run(rows, chunk, sampleEvery, listen, true);
    expect(wasm.names.some((n) => n.startsWith('Wasm'))).toBe(true);
    expect(wasm.values).toEqual(ref.values);
    expect(wasm.events).toEqual(ref.events);
    expect(wasm.snapshots).toBe(ref.snapshots);
    expect(wasm.total).toBe(ref.total);
  }
}

describe('WebAssembly trade processors', () => {
  it('publish what the registry processors publish, bit for bit (property)', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 50 }), expectSame),
      { numRuns: 80 },
    );
  });

  it('the same over ranges longer than the module stages at once, windows growing past their first size', () => {
    const rows: Row[] = [];
    let px = 100;
    for (let i = 0; i < 20_000; i++) {
      px *= 1 + Math.sin(i * 12.9898) * 0.001;
      rows.push({ kind: EventKind.Trade, stream: i % 3, tsUs: 1e15 + i * 50, a: px, b: 0.5 + (i % 7) });
    }
    expectSame(rows, 10_000, 1_000_000);
  });
});
