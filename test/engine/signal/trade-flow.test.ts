import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TradeFlowImbalance } from '../../../engine/signal/trade-flow';
import { closeRel } from './prng';

describe('TradeFlowImbalance', () => {
  it('hand example over 3 trades', () => {
    const t = new TradeFlowImbalance(3);
    expect(t.update(2, 1)).toBeNaN();
    expect(t.update(1, -1)).toBeNaN();
    expect(t.update(1, 1)).toBe(0.5); // (3 − 1) / 4
    expect(t.update(4, -1)).toBe(-4 / 6); // window: −1, +1, −4
  });

  it('matches the sliced reference and stays in [−1, 1] (property, tolerance 1e-9)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 100, noNaN: true })),
            fc.constantFrom<1 | -1>(1, -1),
          ),
          {
            minLength: 1,
            maxLength: 150,
          },
        ),
        fc.integer({ min: 1, max: 12 }),
        (trades, n) => {
          const t = new TradeFlowImbalance(n);
          trades.forEach(([size, side], i) => {
            const v = t.update(size, side);
            if (i + 1 < n) {
              expect(v).toBeNaN();
              return;
            }
            const w = trades.slice(i + 1 - n, i + 1);
            const buy = w.filter(([, s]) => s === 1).reduce((a, [q]) => a + q, 0);
            const sell = w.filter(([, s]) => s === -1).reduce((a, [q]) => a + q, 0);
            const ref = buy + sell === 0 ? 0 : (buy - sell) / (buy + sell);
            expect(closeRel(v, ref, 1e-9)).toBe(true);
            expect(Math.abs(v)).toBeLessThanOrEqual(1);
          });
        },
      ),
    );
  });

  it('rejects a side other than ±1', () => {
    expect(() => new TradeFlowImbalance(2).update(1, 0 as 1)).toThrow(/1 or -1/);
  });
});
