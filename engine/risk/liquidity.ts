import { requireNonNegative } from '../signal/validate';

/** Result of `exitLiquidity`. */
export interface ExitLiquidity {
  /** The whole size fills within the book shown AND within the slippage budget. */
  readonly fillable: boolean;
  /** Size the book can absorb, base units (≤ the requested size). */
  readonly filledSize: number;
  /** Volume-weighted price of `filledSize`, quote units; NaN when nothing fills. */
  readonly vwapPrice: number;
  /** |vwap − best| / best · 10⁴, bps from the touch; 0 when nothing fills. */
  readonly slippageBps: number;
}

/**
 * Can a position of `size` be exited at the current book within `maxSlippageBps`?
 *
 * Walks the side that absorbs the exit (the bids to sell a long, the asks to buy back a short),
 * best first, taking each level's size until `size` is done. Slippage is measured from the best
 * price of that side (the touch), not from the mid: the spread is a cost the caller knows;
 * depth is what this answers. The book shown is all there is (no hidden liquidity, no refill).
 *
 * @param prices level prices, best first, quote units.
 * @param sizes level sizes, base units, aligned with `prices` (the shorter length is used).
 * @param size size to exit, base units (≥ 0).
 * @param maxSlippageBps slippage budget, bps (≥ 0).
 */
export function exitLiquidity(
  prices: ArrayLike<number>,
  sizes: ArrayLike<number>,
  size: number,
  maxSlippageBps: number,
): ExitLiquidity {
  requireNonNegative('size', size);
  requireNonNegative('maxSlippageBps', maxSlippageBps);
  const levels = Math.min(prices.length, sizes.length);
  let remaining = size;
  let filled = 0;
  let cost = 0;
  // The touch: the first level with size (an empty level at the top of a feed is not a price).
  let best = Number.NaN;
  for (let i = 0; i < levels && remaining > 0; i++) {
    const take = Math.min(remaining, sizes[i] ?? 0);
    if (take <= 0) continue;
    if (filled === 0) best = prices[i] ?? Number.NaN;
    cost += take * (prices[i] ?? Number.NaN);
    filled += take;
    remaining -= take;
  }
  if (size === 0) return { fillable: true, filledSize: 0, vwapPrice: Number.NaN, slippageBps: 0 };
  if (filled === 0) return { fillable: false, filledSize: 0, vwapPrice: Number.NaN, slippageBps: 0 };
  const vwap = cost / filled;
  const slippageBps = (Math.abs(vwap - best) / best) * 1e4;
  // Subtracting level sizes can leave a residue of a few ulps of `size`: that is filled.
  const complete = remaining <= size * 1e-12;
  return {
    fillable: complete && slippageBps <= maxSlippageBps,
    filledSize: complete ? size : filled,
    vwapPrice: vwap,
    slippageBps,
  };
}
