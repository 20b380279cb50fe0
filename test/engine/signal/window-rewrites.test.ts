import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMoments } from '../../../engine/signal/rolling-moments';
import { Sma } from '../../../engine/signal/sma';
import { TradeFlowImbalance } from '../../../engine/signal/trade-flow';
import { RollingVwap } from '../../../engine/signal/vwap';
import { RollingZScore } from '../../../engine/signal/zscore';
import { LegacySma } from './legacy-sma';
import { LegacyTradeFlowImbalance } from './legacy-trade-flow';
import { LegacyRollingMoments, LegacyRollingVwap, LegacyRollingZScore } from './legacy-windows';
import { mulberry32 } from './prng';

/*
 * The rewritten hot paths (state in a typed array, eviction and sums on locals, `pushAt`,
 * TwoSum/Neumaier helpers; later the SMA and trade-flow windows' state arrays, push/latest and
 * branch-free sides) against the implementations they replaced, kept verbatim in legacy-*.ts:
 * every output must be the same bits (Object.is: NaN equals NaN, +0 ≠ −0).
 */

/** Trades with bursts (growth), gaps that empty the window, zero sizes and ties in time. */
const tradesArb = fc
  .array(
    fc.record({
      dt: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 4_000_000 }),
      ),
      price: fc.oneof(fc.double({ min: 100, max: 200, noNaN: true }), fc.constant(150)),
      size: fc.oneof(fc.constant(0), fc.double({ min: 1e-8, max: 5, noNaN: true }), fc.constant(1e6)),
    }),
    { minLength: 1, maxLength: 400 },
  )
  .map((rows) => {
    let ts = 1_700_000_000_000_000;
    return rows.map((r) => ({ ts: (ts += r.dt), price: r.price, size: r.size }));
  });

describe('RollingVwap rewrite', () => {
  it('update and pushAt give the bits of the previous implementation (property)', () => {
    fc.assert(
      fc.property(tradesArb, fc.integer({ min: 1, max: 3_000_000 }), (trades, w) => {
        const legacy = new LegacyRollingVwap(w);
        const byUpdate = new RollingVwap(w);
        const byColumns = new RollingVwap(w);
        const ts = Float64Array.from(trades, (t) => t.ts);
        const px = Float64Array.from(trades, (t) => t.price);
        const sz = Float64Array.from(trades, (t) => t.size);
        const out = new Float64Array(2).fill(-1);
        let lastDefined = -1;
        trades.forEach((t, i) => {
          const want = legacy.update(t.ts, t.price, t.size);
          expect(Object.is(byUpdate.update(t.ts, t.price, t.size), want)).toBe(true);
          const defined = byColumns.pushAt(ts, px, sz, i, out, 1);
          expect(defined).toBe(!Number.isNaN(want));
          if (defined) lastDefined = want;
          // Written only when defined: out[1] keeps the last defined VWAP.
          expect(Object.is(out[1], lastDefined)).toBe(true);
          expect(out[0]).toBe(-1);
          expect(byColumns.size).toBe(legacy.size);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a long seeded run through growth and many rebuilds stays bit-identical', () => {
    const rnd = mulberry32(11);
    const legacy = new LegacyRollingVwap(60_000_000);
    const vwap = new RollingVwap(60_000_000);
    let ts = 1_723_075_200_000_000;
    for (let i = 0; i < 200_000; i++) {
      // Bursty arrivals: the window holds from a handful to thousands of trades.
      ts += rnd() < 0.01 ? Math.floor(rnd() * 90_000_000) : Math.floor(rnd() * 20_000);
      const price = Math.round((30_000 + 5_000 * Math.sin(i / 5_000) + rnd() * 10) * 100) / 100;
      const size = Math.round(rnd() * 2_000) / 1000;
      const want = legacy.update(ts, price, size);
      const got = vwap.update(ts, price, size);
      if (!Object.is(got, want)) expect({ i, got }).toEqual({ i, got: want });
    }
  });

  it('rejects the same arguments with the same errors, and reset starts over', () => {
    const vwap = new RollingVwap(1_000);
    vwap.update(10, 1, 1);
    expect(() => vwap.update(5, 1, 1)).toThrow(/tsUs.*>= the previous 10/);
    expect(() => vwap.update(20, Number.NaN, 1)).toThrow(/price/);
    expect(() => vwap.update(20, 1, -1)).toThrow(/size/);
    vwap.reset();
    expect(vwap.size).toBe(0);
    expect(vwap.update(5, 2, 1)).toBe(2);
  });
});

/** Values with long flat runs, jumps and a large offset (cancellation-prone). */
const valuesArb = fc.array(
  fc.oneof(
    fc.double({ min: 59_990, max: 60_010, noNaN: true }),
    fc.constant(60_000),
    fc.constant(60_000.5),
    fc.double({ min: -1e3, max: 1e3, noNaN: true }),
  ),
  { minLength: 1, maxLength: 300 },
);

describe('RollingMoments and RollingZScore rewrite', () => {
  it('mean, variance, z-scores and values give the bits of the previous implementation (property)', () => {
    fc.assert(
      fc.property(valuesArb, fc.integer({ min: 1, max: 40 }), (xs, n) => {
        const legacy = new LegacyRollingMoments(n);
        const m = new RollingMoments(n);
        for (const x of xs) {
          legacy.push(x);
          m.push(x);
          expect(Object.is(m.mean(), legacy.mean())).toBe(true);
          expect(Object.is(m.variance(), legacy.variance())).toBe(true);
          expect(Object.is(m.zOf(x), legacy.zOf(x))).toBe(true);
          expect(Object.is(m.zOf(60_001), legacy.zOf(60_001))).toBe(true);
          expect(m.newest()).toBe(x);
          expect(m.size).toBe(legacy.size);
          expect(Object.is(m.get(0), legacy.get(0))).toBe(true);
        }
        m.reset();
        legacy.reset();
        expect(Number.isNaN(m.newest())).toBe(true);
        for (const x of xs.slice(0, 5)) {
          legacy.push(x);
          m.push(x);
          expect(Object.is(m.variance(), legacy.variance())).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('RollingZScore: update, push and latestZ as before (property)', () => {
    fc.assert(
      fc.property(valuesArb, fc.integer({ min: 2, max: 40 }), (xs, n) => {
        const legacy = new LegacyRollingZScore(n);
        const byUpdate = new RollingZScore(n);
        const byPush = new RollingZScore(n);
        for (const x of xs) {
          const want = legacy.update(x);
          expect(Object.is(byUpdate.update(x), want)).toBe(true);
          expect(byPush.push(x)).toBe(!Number.isNaN(want));
          expect(Object.is(byPush.latestZ(), want)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('Sma rewrite', () => {
  it('update, push and latest give the bits of the previous implementation (property)', () => {
    fc.assert(
      fc.property(valuesArb, fc.integer({ min: 1, max: 40 }), (xs, n) => {
        const legacy = new LegacySma(n);
        const byUpdate = new Sma(n);
        const byPush = new Sma(n);
        for (const x of xs) {
          const want = legacy.update(x);
          expect(Object.is(byUpdate.update(x), want)).toBe(true);
          expect(byPush.push(x)).toBe(!Number.isNaN(want));
          expect(Object.is(byPush.latest(), want)).toBe(true);
        }
        legacy.reset();
        byUpdate.reset();
        for (const x of xs.slice(0, 2 * n))
          expect(Object.is(byUpdate.update(x), legacy.update(x))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('sums that overflow: the same NaN and infinite means, and push says which are numbers', () => {
    const xs = [1e308, 1e308, 1e308, -1e308, -1e308, -1e308, 5, 7, 1e308, -1e308];
    for (const n of [1, 2, 3]) {
      const legacy = new LegacySma(n);
      const byPush = new Sma(n);
      const seen: number[] = [];
      for (const x of xs) {
        const want = legacy.update(x);
        seen.push(want);
        expect(byPush.push(x)).toBe(!Number.isNaN(want));
        expect(Object.is(byPush.latest(), want)).toBe(true);
      }
      if (n === 2) expect(seen.some((v) => Number.isNaN(v))).toBe(true); // the case is exercised
    }
  });

  it('rejects a value that is not finite, as before', () => {
    for (const x of [Number.NaN, Infinity, -Infinity]) {
      expect(() => new LegacySma(2).update(x)).toThrow(/finite/);
      expect(() => new Sma(2).update(x)).toThrow(/finite/);
    }
  });
});

/** Sizes with zeros, ties, wide magnitudes and a few near the top of the doubles. */
const flowTradesArb = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constant(0),
      fc.constant(1),
      fc.double({ min: 1e-8, max: 5, noNaN: true }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.constantFrom(1e300, Number.MAX_VALUE),
    ),
    fc.constantFrom<1 | -1>(1, -1),
  ),
  { minLength: 1, maxLength: 300 },
);

describe('TradeFlowImbalance rewrite', () => {
  it('update, push and latest give the bits of the previous implementation (property)', () => {
    fc.assert(
      fc.property(flowTradesArb, fc.integer({ min: 1, max: 40 }), (trades, n) => {
        const legacy = new LegacyTradeFlowImbalance(n);
        const byUpdate = new TradeFlowImbalance(n);
        const byPush = new TradeFlowImbalance(n);
        for (const [size, side] of trades) {
          const want = legacy.update(size, side);
          expect(Object.is(byUpdate.update(size, side), want)).toBe(true);
          // Defined exactly when the previous implementation gave a number (a volume that
          // overflowed gives NaN, with a full window).
          expect(byPush.push(size, side)).toBe(!Number.isNaN(want));
          expect(Object.is(byPush.latest(), want)).toBe(true);
        }
        // After a reset both start over.
        legacy.reset();
        byUpdate.reset();
        for (const [size, side] of trades.slice(0, 2 * n)) {
          expect(Object.is(byUpdate.update(size, side), legacy.update(size, side))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a long seeded run through many rebuilds stays bit-identical', () => {
    const legacy = new LegacyTradeFlowImbalance(100);
    const t = new TradeFlowImbalance(100);
    let x = 12345;
    for (let i = 0; i < 50_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const size = (x % 100_000) / 997;
      const side = x & 0x10000 ? 1 : -1;
      expect(Object.is(t.update(size, side), legacy.update(size, side))).toBe(true);
    }
  });

  it('rejects what the previous implementation rejected, with the same messages', () => {
    for (const [size, side] of [
      [-1, 1],
      [Number.NaN, 1],
      [Infinity, -1],
      [1, 0],
      [1, 2],
    ] as const) {
      const message = (f: () => unknown): string => {
        try {
          f();
        } catch (error) {
          return String(error);
        }
        return 'no error';
      };
      const want = message(() => new LegacyTradeFlowImbalance(3).update(size, side as 1));
      expect(want).not.toBe('no error');
      expect(message(() => new TradeFlowImbalance(3).update(size, side as 1))).toBe(want);
    }
  });
});
