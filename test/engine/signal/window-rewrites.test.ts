import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingMoments } from '../../../engine/signal/rolling-moments';
import { RollingVwap } from '../../../engine/signal/vwap';
import { RollingZScore } from '../../../engine/signal/zscore';
import { LegacyRollingMoments, LegacyRollingVwap, LegacyRollingZScore } from './legacy-windows';
import { mulberry32 } from './prng';

/*
 * The rewritten hot paths (state in a typed array, eviction and sums on locals, `pushAt`,
 * TwoSum/Neumaier helpers) against the implementations they replaced, kept verbatim in
 * legacy-windows.ts: every output must be the same bits (Object.is: NaN equals NaN, +0 ≠ −0).
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
