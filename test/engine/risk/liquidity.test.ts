import { describe, expect, it } from 'vitest';
import { exitLiquidity } from '../../../engine/risk/liquidity';

describe('exitLiquidity', () => {
  const bids = [100, 99.9, 99.5];
  const sizes = [1, 2, 10];

  it('walks levels best first: vwap and slippage from the touch', () => {
    const r = exitLiquidity(bids, sizes, 2, 10);
    // 1 @ 100 + 1 @ 99.9 → 99.95, 5 bps below the touch
    expect(r.vwapPrice).toBeCloseTo(99.95, 12);
    expect(r.slippageBps).toBeCloseTo(5, 9);
    expect(r.fillable).toBe(true);
    expect(r.filledSize).toBe(2);
  });

  it('is not fillable over the slippage budget or beyond the depth', () => {
    const over = exitLiquidity(bids, sizes, 2, 4);
    expect(over.fillable).toBe(false);
    expect(over.slippageBps).toBeCloseTo(5, 9);
    const deep = exitLiquidity(bids, sizes, 20, 1000);
    expect(deep.fillable).toBe(false);
    expect(deep.filledSize).toBe(13);
    expect(deep.vwapPrice).toBeCloseTo((100 + 199.8 + 995) / 13, 12);
  });

  it('works on asks too (slippage is above the touch) and on empty books', () => {
    const r = exitLiquidity(new Float64Array([10, 10.1]), new Float64Array([1, 1]), 2, 100);
    expect(r.vwapPrice).toBeCloseTo(10.05, 12);
    expect(r.slippageBps).toBeCloseTo(50, 9);
    expect(exitLiquidity([], [], 1, 10).fillable).toBe(false);
    expect(exitLiquidity([], [], 0, 10).fillable).toBe(true);
  });
});
