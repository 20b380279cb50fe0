import { describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../engine/bus/bus-events';
import { SimClock } from '../../../engine/clock/sim-clock';
import { buildKernel } from '../../../engine/kernel/kernel';
import type { Processor } from '../../../engine/kernel/processor';
import type { ProcessorContext } from '../../../engine/kernel/processor-context';
import type { SeriesSink } from '../../../engine/kernel/series-sink';
import { BookFlag, EventKind, createEventBatch, type EventBatch } from '../../../engine/model/events';
import { RefBook } from '../book/ref-book';
import { type Row, fillBatch, stream, tradeRows } from '../replay/array-source';
import { emaRef, rsiRef, smaRef, vwapRef, zscoreRef } from './references';

class Collect implements SeriesSink {
  readonly rows: { ts: number; proc: string; venue: string; sym: string; name: string; v: number }[] = [];
  write(ts: number, proc: string, venue: string, sym: string, name: string, v: number): void {
    this.rows.push({ ts, proc, venue, sym, name, v });
  }
  series(proc: string, sym: string, name: string): number[] {
    return this.rows.filter((r) => r.proc === proc && r.sym === sym && r.name === name).map((r) => r.v);
  }
}

const STREAMS = [
  stream(0, 'trades', 'BTCUSDT'),
  stream(1, 'trades', 'ETHUSDT'),
  stream(2, 'book', 'BTCUSDT'),
];

function interleave(a: Row[], b: Row[]): Row[] {
  return [...a, ...b].sort((x, y) => x.tsUs - y.tsUs);
}

function runRows(processors: string | Processor[], rows: Row[], chunk = 64) {
  const sink = new Collect();
  const events: BusEvent[] = [];
  const kernel = buildKernel(
    { processors, latencySampleEvery: 3 },
    {
      clock: new SimClock(),
      source: { streams: STREAMS },
      sinks: [sink],
      eventSinks: [(e) => events.push(e)],
    },
  );
  const batch = createEventBatch(chunk);
  for (let at = 0; at < rows.length; at += chunk)
    kernel.process(fillBatch(rows.slice(at, at + chunk), batch));
  return { kernel, sink, events };
}

function expectClose(got: number[], want: number[]): void {
  const w = want.filter((x) => !Number.isNaN(x));
  expect(got.length).toBe(w.length);
  got.forEach((g, i) => {
    const r = w[i] as number;
    expect(Math.abs(g - r)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r)));
  });
}

describe('kernel + registry: trade processors against independent references', () => {
  const btc = tradeRows(3000, 0, 7);
  const eth = tradeRows(2000, 1, 11);
  const { sink, kernel } = runRows('sma:20,ema:50,rsi:14,vwap:60s,zscore:500', interleave(btc, eth));

  for (const [sym, rows] of [
    ['BTCUSDT', btc],
    ['ETHUSDT', eth],
  ] as const) {
    const px = rows.map((r) => r.a ?? NaN);
    it(`${sym}: sma, ema, rsi, zscore, vwap per stream`, () => {
      expectClose(sink.series('sma:20', sym, 'sma'), smaRef(px, 20));
      expectClose(sink.series('ema:50', sym, 'ema'), emaRef(px, 50));
      expectClose(sink.series('rsi:14', sym, 'rsi'), rsiRef(px, 14));
      expectClose(sink.series('zscore:500', sym, 'zscore'), zscoreRef(px, 500));
      const ts = rows.map((r) => r.tsUs);
      const sz = rows.map((r) => r.b ?? NaN);
      expectClose(sink.series('vwap:60s', sym, 'vwap'), vwapRef(ts, px, sz, 60e6));
    });
  }

  it('first emission points: sma at the N-th price, ema at the first, rsi at the (N+1)-th', () => {
    const firstBtc = (proc: string) => sink.rows.find((r) => r.proc === proc && r.sym === 'BTCUSDT')?.ts;
    expect(firstBtc('sma:20')).toBe(btc[19]?.tsUs);
    expect(firstBtc('ema:50')).toBe(btc[0]?.tsUs);
    expect(firstBtc('rsi:14')).toBe(btc[14]?.tsUs);
    expect(firstBtc('zscore:500')).toBe(btc[499]?.tsUs);
  });

  it('summary counts per processor', () => {
    const s = kernel.summary();
    expect(s.events).toBe(5000);
    expect(s.eventsByKind.trades).toBe(5000);
    const sma = s.processors.find((p) => p.processor === 'sma:20');
    expect(sma?.emitted).toBe(5000 - 2 * 19);
    expect(sma?.events).toBe(5000);
    expect(sma?.errors).toBe(0);
    expect(s.valuesEmitted).toBe(sink.rows.length);
  });
});

describe('kernel: book processors', () => {
  it('bbo emits best bid/ask after each book message, matching a reference book', () => {
    const rows: Row[] = [];
    const ref = new RefBook();
    const want: number[][] = [];
    let u = 100;
    let s = 12345;
    for (let m = 0; m < 300; m++) {
      const n = 1 + (m % 5);
      for (let j = 0; j < n; j++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const side = s & 1 ? 1 : -1;
        const price = side > 0 ? 90 + ((s >>> 3) % 10) : 101 + ((s >>> 3) % 10);
        const size = (s >>> 8) % 4;
        ref.set(side, price, size);
        rows.push({
          kind: EventKind.Book,
          stream: 2,
          tsUs: 1e15 + m * 1000,
          a: price,
          b: size,
          c: side,
          d: u + 1,
          e: u + 1,
          f: NaN,
          flags: j === n - 1 ? BookFlag.EndOfMessage : 0,
        });
      }
      u++;
      want.push([ref.best(1), ref.best(-1)]);
    }
    const { sink, kernel, events } = runRows('bbo,obi:3', rows, 17);
    expectClose(
      sink.series('bbo', 'BTCUSDT', 'bid'),
      want.map((w) => w[0] ?? NaN),
    );
    expectClose(
      sink.series('bbo', 'BTCUSDT', 'ask'),
      want.map((w) => w[1] ?? NaN),
    );
    expect(sink.series('obi:3', 'BTCUSDT', 'obi').length).toBeGreaterThan(250);
    expect(events.filter((e) => e.type === 'book-invalid')).toEqual([]);
    expect(kernel.summary().books[0]?.hash).toMatch(/^[0-9a-f]{16}$/);
  });
});

/** Throws on every third trade it sees. */
class Flaky implements Processor {
  readonly name = 'flaky';
  readonly kinds = [EventKind.Trade];
  private n = 0;
  onEvent(): void {
    if (++this.n % 3 === 0) throw new Error(`flaky ${this.n}`);
  }
  snapshot() {
    return this.n;
  }
}

/** Logs events and 1 s timers in the order the kernel delivers them. */
class Logger implements Processor {
  readonly name = 'logger';
  readonly kinds = [EventKind.Trade];
  readonly timerIntervalUs = 1_000_000;
  readonly log: string[] = [];
  onEvent(batch: EventBatch, i: number): void {
    this.log.push(`e${batch.tsUs[i]}`);
  }
  onTimer(tsUs: number, ctx: ProcessorContext): void {
    this.log.push(`t${tsUs}@${ctx.clock.nowUs()}`);
  }
  snapshot() {
    return this.log.length;
  }
}

describe('kernel: isolation and timers', () => {
  it('a throwing processor is counted and reported; the others still run', () => {
    const { kernel, sink, events } = runRows([new Flaky(), ...createSma()], tradeRows(30, 0));
    const s = kernel.summary();
    expect(s.processors[0]?.errors).toBe(10);
    expect(events.filter((e) => e.type === 'processor-error')).toHaveLength(10);
    expect(sink.series('sma:2', 'BTCUSDT', 'sma')).toHaveLength(29);
    expect(kernel.checkHealth().activeAlerts).toContain('error-rate:flaky');
  });

  it('timers fire in simulated time, between the events around their due time', () => {
    const logger = new Logger();
    const t0 = 1e15;
    const rows: Row[] = [0, 400_000, 1_000_000, 2_500_000, 2_600_000].map((dt) => ({
      kind: 1,
      stream: 0,
      tsUs: t0 + dt,
      a: 1,
      b: 1,
      c: 1,
    }));
    runRows([logger], rows, 2);
    expect(logger.log).toEqual([
      `e${t0}`,
      `e${t0 + 400_000}`,
      `t${t0 + 1_000_000}@${t0 + 1_000_000}`,
      `e${t0 + 1_000_000}`,
      `t${t0 + 2_000_000}@${t0 + 2_000_000}`,
      `e${t0 + 2_500_000}`,
      `e${t0 + 2_600_000}`,
    ]);
  });
});

describe('kernel: counting mode (nobody listens to values)', () => {
  /** Trades with bad values here and there: processors throw on them, mid-range. */
  function badRows(): Row[] {
    return interleave(tradeRows(1500, 0, 3), tradeRows(1500, 1, 4)).map((r, i) => {
      if (i % 211 === 17) return { ...r, a: NaN };
      if (i % 307 === 5) return { ...r, a: Infinity };
      if (i % 401 === 9) return { ...r, b: -1 };
      return r;
    });
  }

  it('counts the same values, errors and snapshots as when a sink listens', () => {
    const list =
      'sma:20,ema:20,ema:100,rsi:14,vwap:60s,zscore:50,momentum:5,rvol:10,flow:7,limit:100,var:50,drawdown:0.5';
    const rows = badRows();
    // Long runs (rare latency samples): a throw lands mid-run, not at its first event.
    const run = (sink?: Collect) => {
      const kernel = buildKernel(
        { processors: list, latencySampleEvery: 100_000 },
        {
          clock: new SimClock(),
          source: { streams: STREAMS },
          ...(sink === undefined ? {} : { sinks: [sink] }),
        },
      );
      const batch = createEventBatch(256);
      for (let at = 0; at < rows.length; at += 256)
        kernel.process(fillBatch(rows.slice(at, at + 256), batch));
      return kernel;
    };
    const sink = new Collect();
    const listened = { kernel: run(sink), sink };
    const kernel = run();
    const a = listened.kernel.summary();
    const b = kernel.summary();
    expect(b.valuesEmitted).toBe(listened.sink.rows.length);
    expect(b.valuesEmitted).toBe(a.valuesEmitted);
    expect(b.breaches).toBe(a.breaches);
    expect(b.breachEvents).toEqual(a.breachEvents);
    const strip = (s: typeof a) => s.processors.map((p) => [p.processor, p.emitted, p.errors, p.snapshot]);
    expect(strip(b)).toEqual(strip(a));
    expect(a.processors.some((p) => p.errors > 0)).toBe(true);
  });

  it('refuses a batch with a stream id outside the stream table', () => {
    const kernel = buildKernel(
      { processors: 'ema:5' },
      { clock: new SimClock(), source: { streams: STREAMS } },
    );
    const rows: Row[] = [{ kind: EventKind.Trade, stream: 3, tsUs: 1, a: 1, b: 1, c: 1 }];
    expect(() => {
      kernel.process(fillBatch(rows, createEventBatch(1)));
    }).toThrow(/stream id 3/);
  });
});

function createSma(): Processor[] {
  return [
    // Built through the registry, mixed with ad-hoc instances.
    ...buildKernel({ processors: 'sma:2' }, { clock: new SimClock(), source: { streams: STREAMS } })
      .processors,
  ];
}
