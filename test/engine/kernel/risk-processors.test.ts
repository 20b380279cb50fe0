import { describe, expect, it } from 'vitest';
import type { BusEvent, RiskBreachEvent } from '../../../engine/bus/bus-events';
import { SimClock } from '../../../engine/clock/sim-clock';
import { buildKernel } from '../../../engine/kernel/kernel';
import type { SeriesSink } from '../../../engine/kernel/series-sink';
import { BookFlag, EventKind, createEventBatch } from '../../../engine/model/events';
import { type Row, fillBatch, stream } from '../replay/array-source';
import { mulberry32 } from '../signal/prng';

// Risk processors (`var:N`, `drawdown[:H]`, `limit[:X]`) against references written here from
// their definitions: a unit position per stream, marked at each trade price.

interface Out {
  ts: number;
  proc: string;
  sym: string;
  name: string;
  v: number;
}

const STREAMS = [
  stream(0, 'trades', 'BTCUSDT'),
  stream(1, 'trades', 'ETHUSDT'),
  stream(2, 'book', 'BTCUSDT'),
];

/** Trades whose price wanders in regimes (calm, sell-off, rally), prices on a 0.01 grid. */
function walk(n: number, streamId: number, seed: number, p0: number): Row[] {
  const rnd = mulberry32(seed);
  const rows: Row[] = [];
  let p = p0;
  let t = 1_700_000_000_000_000 + streamId;
  for (let i = 0; i < n; i++) {
    const regime = Math.floor(i / 400) % 3; // 0 calm, 1 down, 2 up
    const drift = regime === 1 ? -0.0006 : regime === 2 ? 0.0006 : 0;
    p = Math.max(1, Math.round(p * (1 + drift + (rnd() - 0.5) * 0.004) * 100) / 100);
    t += 1 + Math.floor(rnd() * 5000);
    rows.push({
      kind: EventKind.Trade,
      stream: streamId,
      tsUs: t,
      a: p,
      b: 0.5 + rnd(),
      c: rnd() < 0.5 ? 1 : -1,
    });
  }
  return rows;
}

function run(processors: string, rows: readonly Row[], chunk: number, sampleEvery = 1024) {
  const out: Out[] = [];
  const sink: SeriesSink = {
    write: (ts, proc, _venue, sym, name, v) => out.push({ ts, proc, sym, name, v }),
  };
  const events: BusEvent[] = [];
  const kernel = buildKernel(
    { processors, latencySampleEvery: sampleEvery },
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
  const breaches = events.filter((e): e is RiskBreachEvent => e.type === 'risk-breach');
  return { out, breaches, summary: kernel.summary() };
}

const series = (out: readonly Out[], proc: string, sym: string, name: string): number[] =>
  out.filter((o) => o.proc === proc && o.sym === sym && o.name === name).map((o) => o.v);

const BTC = walk(3000, 0, 11, 100);
const ETH = walk(2500, 1, 12, 50);
const ROWS = [...BTC, ...ETH].sort((a, b) => a.tsUs - b.tsUs);
const PER_SYMBOL: [string, Row[]][] = [
  ['BTCUSDT', BTC],
  ['ETHUSDT', ETH],
];

describe('var:N — historical 99 % VaR/ES of the unit position', () => {
  /** Sorts the window's losses; VaR the ⌈0.99·N⌉-th smallest, ES the mean from there up. */
  function ref(prices: readonly number[], n: number): { v: number[]; es: number[] } {
    const rets: number[] = [];
    for (let i = 1; i < prices.length; i++) rets.push((prices[i] as number) / (prices[i - 1] as number) - 1);
    const k = Math.min(n, Math.max(1, Math.ceil(Math.round(n * 0.99 * 1e6) / 1e6)));
    const v: number[] = [];
    const es: number[] = [];
    for (let i = n - 1; i < rets.length; i++) {
      const losses = rets.slice(i + 1 - n, i + 1).map((r) => 0 - r);
      losses.sort((a, b) => a - b);
      const tail = losses.slice(k - 1);
      v.push(losses[k - 1] as number);
      es.push(tail.reduce((a, b) => a + b, 0) / tail.length);
    }
    return { v, es };
  }

  for (const n of [100, 250]) {
    it(`var:${n} equals sorting each window (both streams)`, () => {
      const { out } = run(`var:${n}`, ROWS, 97);
      for (const [sym, rows] of PER_SYMBOL) {
        const want = ref(
          rows.map((r) => r.a ?? NaN),
          n,
        );
        expect(series(out, `var:${n}`, sym, 'var')).toEqual(want.v);
        const es = series(out, `var:${n}`, sym, 'es');
        expect(es).toHaveLength(want.es.length);
        es.forEach((x, i) => {
          expect(Math.abs(x - (want.es[i] as number))).toBeLessThanOrEqual(1e-15);
        });
      }
    });
  }
});

describe('drawdown:H — breaker on the unit position', () => {
  type State = 'ACTIVE' | 'REDUCING' | 'HALTED';
  function ref(prices: readonly number[], h: number) {
    let peak = -Infinity;
    let state: State = 'ACTIVE';
    const dd: number[] = [];
    const transitions: { i: number; to: State; dd: number }[] = [];
    prices.forEach((p, i) => {
      peak = Math.max(peak, p);
      const d = ((peak - p) / peak) * 100;
      dd.push(d);
      const next: State =
        state === 'HALTED' || d >= h ? 'HALTED' : state === 'REDUCING' || d >= h / 2 ? 'REDUCING' : 'ACTIVE';
      if (next !== state) transitions.push({ i, to: next, dd: d });
      state = next;
    });
    return { dd, transitions, state };
  }

  it('drawdown:2 — the drawdown series, REDUCING at 1 %, HALTED at 2 %, sticky', () => {
    const { out, breaches, summary } = run('drawdown:2', ROWS, 64);
    const states: Record<string, string> = {};
    for (const [sym, rows] of PER_SYMBOL) {
      const want = ref(
        rows.map((r) => r.a ?? NaN),
        2,
      );
      const got = series(out, 'drawdown:2', sym, 'drawdown');
      expect(got).toHaveLength(want.dd.length);
      got.forEach((x, i) => {
        expect(Math.abs(x - (want.dd[i] as number))).toBeLessThanOrEqual(1e-12);
      });
      const sid = sym === 'BTCUSDT' ? 0 : 1;
      const mine = breaches.filter((b) => b.streamId === sid);
      expect(mine.map((b) => [b.tsUs, b.reason, b.limit])).toEqual(
        want.transitions.map((t) => [rows[t.i]?.tsUs, `drawdown:${t.to}`, t.to === 'HALTED' ? 2 : 1]),
      );
      mine.forEach((b, i) => {
        expect(b.value).toBeCloseTo(want.transitions[i]?.dd ?? NaN, 12);
      });
      states[`binance:${sym}`] = want.state;
    }
    // The walk has sell-offs: both levels are reached, so the test means something.
    expect(breaches.map((b) => b.reason)).toContain('drawdown:HALTED');
    expect(breaches.map((b) => b.reason)).toContain('drawdown:REDUCING');
    expect(summary.breaches).toBe(breaches.length);
    const snap = summary.processors[0]?.snapshot as { state: Record<string, string> };
    expect(snap.state).toEqual(states);
  });
});

describe('limit:X — notional limit on the unit position', () => {
  it('utilization = price / X; a breach on each crossing above X', () => {
    const x = 101;
    const { out, breaches } = run(`limit:${x}`, ROWS, 50);
    for (const [sym, rows] of PER_SYMBOL) {
      const prices = rows.map((r) => r.a ?? NaN);
      expect(series(out, `limit:${x}`, sym, 'utilization')).toEqual(prices.map((p) => p / x));
      const crossings: [number, number][] = [];
      let over = false;
      rows.forEach((r) => {
        const now = (r.a ?? NaN) > x;
        if (now && !over) crossings.push([r.tsUs, r.a ?? NaN]);
        over = now;
      });
      const sid = sym === 'BTCUSDT' ? 0 : 1;
      expect(
        breaches.filter((b) => b.streamId === sid).map((b) => [b.tsUs, b.value, b.reason, b.limit]),
      ).toEqual(crossings.map(([t, p]) => [t, p, 'limit:position-notional', x]));
    }
    expect(breaches.length).toBeGreaterThan(2); // BTC crosses 101 several times
  });
});

describe('batched and per-event dispatch give the same output, byte for byte', () => {
  it('risk + signal + book processors over interleaved trades and book messages', () => {
    const rows: Row[] = [...ROWS];
    // Book messages for BTCUSDT between the trades (several rows per message).
    const rnd = mulberry32(5);
    let u = 1000;
    for (let m = 0; m < 600; m++) {
      const t = (ROWS[Math.floor((m / 600) * ROWS.length)]?.tsUs ?? 0) + 1;
      const n = 1 + (m % 3);
      u++;
      for (let j = 0; j < n; j++) {
        const side = rnd() < 0.5 ? 1 : -1;
        rows.push({
          kind: EventKind.Book,
          stream: 2,
          tsUs: t,
          a: side > 0 ? 99 - Math.floor(rnd() * 5) : 101 + Math.floor(rnd() * 5),
          b: Math.floor(rnd() * 3),
          c: side,
          d: u,
          e: u,
          f: NaN,
          flags: j === n - 1 ? BookFlag.EndOfMessage : 0,
        });
      }
    }
    rows.sort((a, b) => a.tsUs - b.tsUs); // stable: a message's rows stay together
    const list = 'sma:20,var:50,bbo,drawdown:1,ema:10,limit:100.5,obi:3,zscore:30,vwap:2ms,rsi:14';
    const batched = run(list, rows, 512);
    const perEvent = run(list, rows, 7, 1); // every event timed: per-event dispatch throughout
    expect(batched.out.length).toBeGreaterThan(rows.length);
    expect(batched.out).toEqual(perEvent.out);
    expect(batched.breaches).toEqual(perEvent.breaches);
    expect(batched.summary.processors.map((p) => p.snapshot)).toEqual(
      perEvent.summary.processors.map((p) => p.snapshot),
    );
  });
});
