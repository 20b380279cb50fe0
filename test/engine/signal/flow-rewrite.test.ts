import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TradeFlowImbalance } from '../../../engine/signal/trade-flow';
import { LegacyTradeFlowImbalance } from './legacy-trade-flow';

/*
 * The rewritten trade-flow window (state array, both sums fed without a branch on the side,
 * push/latest) against the implementation it replaced, kept verbatim in legacy-trade-flow.ts:
 * every output must be the same bits (Object.is: NaN equals NaN, +0 ≠ −0).
 */

/** Sizes with zeros, ties, wide magnitudes and a few near the top of the doubles. */
const tradesArb = fc.array(
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
      fc.property(tradesArb, fc.integer({ min: 1, max: 40 }), (trades, n) => {
        const legacy = new LegacyTradeFlowImbalance(n);
        const byUpdate = new TradeFlowImbalance(n);
        const byPush = new TradeFlowImbalance(n);
        trades.forEach(([size, side], i) => {
          const want = legacy.update(size, side);
          expect(Object.is(byUpdate.update(size, side), want)).toBe(true);
          // Defined once the window is full (a sum that overflowed gives NaN there, as before).
          expect(byPush.push(size, side)).toBe(i + 1 >= n);
          expect(Object.is(byPush.latest(), want)).toBe(true);
        });
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
