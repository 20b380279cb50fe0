import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../engine/bus/bus-events';
import { SignalBus } from '../../../engine/bus/signal-bus';
import { SimClock } from '../../../engine/clock/sim-clock';
import { BookStore } from '../../../engine/kernel/book-store';
import { buildKernel } from '../../../engine/kernel/kernel';
import { ProcessorContext } from '../../../engine/kernel/processor-context';
import { createProcessors } from '../../../engine/kernel/processor-registry';
import type { SeriesSink } from '../../../engine/kernel/series-sink';
import { EventKind, createEventBatch } from '../../../engine/model/events';
import { ProcessorStats } from '../../../engine/monitor/kernel-monitor';
import { type Row, fillBatch, stream } from '../replay/array-source';

/*
 * The kernel runs each trade processor over whole runs of a batch, buffering values (someone
 * listens) or only counting them and computing the snapshot's last values from the state
 * (nobody listens). Both must be what the per-value path gives: each event dispatched alone
 * through `onEvent`, every value published on the bus as it is emitted.
 */

const STREAMS = [
  stream(0, 'trades', 'BTCUSDT'),
  stream(1, 'trades', 'ETHUSDT'),
  stream(2, 'trades', 'SOLUSDT'),
];
const LIST =
  'sma:5,ema:3,ema:20,rsi:4,vwap:2s,zscore:6,momentum:3,rvol:4,flow:5,limit:150,var:8,drawdown:0.4';

interface Value {
  ts: number;
  proc: string;
  sym: string;
  name: string;
  v: number;
}

class Collect implements SeriesSink {
  readonly rows: Value[] = [];
  write(ts: number, proc: string, _venue: string, sym: string, name: string, v: number): void {
    this.rows.push({ ts, proc, sym, name, v });
  }
}

/** The per-value reference: every event alone through `onEvent`, values straight onto a bus. */
function perValue(rows: readonly Row[]): {
  values: Value[];
  events: BusEvent[];
  snapshots: unknown[];
  emitted: number[];
} {
  const bus = new SignalBus();
  const values: Value[] = [];
  const events: BusEvent[] = [];
  const procs = createProcessors(LIST);
  const books = new BookStore();
  const clock = new SimClock();
  const ctxs = procs.map(
    (p, idx) => new ProcessorContext(p.name, bus, clock, books, STREAMS, new ProcessorStats(p.name), idx),
  );
  bus.subscribeValues({
    onValue: (ts, p, s, n, v) => {
      values.push({
        ts,
        proc: bus.processors.nameOf(p),
        sym: STREAMS[s]?.symbol ?? '',
        name: bus.names.nameOf(n),
        v,
      });
    },
  });
  bus.subscribe((e) => events.push(e));
  procs.forEach((p, idx) => p.init?.(ctxs[idx] as ProcessorContext));
  const batch = createEventBatch(1);
  for (const r of rows) {
    fillBatch([r], batch);
    procs.forEach((p, idx) => {
      try {
        p.onEvent(batch, 0, ctxs[idx] as ProcessorContext);
      } catch {
        // counted by the kernel; here only the values and breaches matter
      }
    });
  }
  return {
    values,
    events: events.filter((e) => e.type === 'risk-breach'),
    snapshots: procs.map((p) => p.snapshot()),
    emitted: ctxs.map((c) => c.emitted),
  };
}

function kernelRun(rows: readonly Row[], chunk: number, sampleEvery: number, listen: boolean) {
  const sink = new Collect();
  const events: BusEvent[] = [];
  const kernel = buildKernel(
    { processors: LIST, latencySampleEvery: sampleEvery },
    {
      clock: new SimClock(),
      source: { streams: STREAMS },
      ...(listen ? { sinks: [sink] } : {}),
      eventSinks: [(e) => events.push(e)],
    },
  );
  const batch = createEventBatch(chunk);
  for (let at = 0; at < rows.length; at += chunk)
    kernel.process(fillBatch(rows.slice(at, at + chunk), batch));
  const s = kernel.summary();
  return {
    values: sink.rows,
    events: events.filter((e) => e.type === 'risk-breach'),
    snapshots: s.processors.map((p) => p.snapshot),
    emitted: s.processors.map((p) => p.emitted),
    total: s.valuesEmitted,
  };
}

/** Trades on three streams: random walks, some zero sizes, now and then a bad value. */
const rowsArb = fc
  .array(
    fc.record({
      stream: fc.integer({ min: 0, max: 2 }),
      dt: fc.integer({ min: 0, max: 700_000 }),
      step: fc.double({ min: -0.02, max: 0.02, noNaN: true }),
      size: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 3, noNaN: true })),
      side: fc.constantFrom(1, -1),
      bad: fc.integer({ min: 0, max: 40 }),
    }),
    { minLength: 1, maxLength: 400 },
  )
  .map((draws) => {
    let ts = 1_700_000_000_000_000;
    const px = [100, 140, 160];
    return draws.map((d): Row => {
      ts += d.dt;
      const p = (px[d.stream] as number) * (1 + d.step);
      px[d.stream] = p;
      const a = d.bad === 0 ? Number.NaN : d.bad === 1 ? Infinity : p;
      return {
        kind: EventKind.Trade,
        stream: d.stream,
        tsUs: ts,
        a,
        b: d.bad === 2 ? -1 : d.size,
        c: d.side,
      };
    });
  });

/** `{ "venue:symbol": { values, last } }` entries of a snapshot, wherever they sit in it. */
function lastValues(snapshot: unknown, out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (typeof snapshot !== 'object' || snapshot === null) return out;
  for (const [key, v] of Object.entries(snapshot as Record<string, unknown>)) {
    if (typeof v === 'object' && v !== null && 'last' in v && 'values' in v) out.set(key, v.last);
    else lastValues(v, out);
  }
  return out;
}

/** The last value of each processor's (first) series per stream, from the published values. */
function lastPublished(values: readonly Value[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const r of values) {
    if (r.name === 'es') continue;
    out.set(`${r.proc}|binance:${r.sym}`, Number.isFinite(r.v) ? r.v : null);
  }
  return out;
}

describe('kernel: batch runs emit what the per-value path emits', () => {
  it('same series (bit for bit, same order), breaches, counts and snapshots (property)', () => {
    fc.assert(
      fc.property(
        rowsArb,
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 50 }),
        (rows, chunk, sampleEvery) => {
          const ref = perValue(rows);
          const listened = kernelRun(rows, chunk, sampleEvery, true);
          const counted = kernelRun(rows, chunk, sampleEvery, false);
          expect(listened.values).toEqual(ref.values);
          expect(listened.events).toEqual(ref.events);
          expect(counted.events).toEqual(ref.events);
          for (const run of [listened, counted]) {
            expect(run.emitted).toEqual(ref.emitted);
            expect(run.total).toBe(ref.values.length);
            expect(run.snapshots).toEqual(ref.snapshots);
            // The snapshots' last values are those last published, not only equal between paths.
            const lasts = new Map<string, unknown>();
            run.snapshots.forEach((snap, idx) => {
              for (const [k, v] of lastValues(snap)) lasts.set(`${LIST.split(',')[idx] ?? ''}|${k}`, v);
            });
            expect(lasts).toEqual(lastPublished(ref.values));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
