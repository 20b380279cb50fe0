import { Ema } from './ema';
import { requireInt } from './validate';

/**
 * Order-book imbalance over the top `levels` levels of each side:
 * (Σ bid size − Σ ask size) / (Σ bid size + Σ ask size), in [−1, 1]; positive when bids are
 * heavier. Sizes are best-first (index 0 = touch), in base units; a side with fewer than
 * `levels` levels contributes the levels it has. NaN when both sums are 0 (no book, no signal).
 *
 * @param bidSizes bid sizes, best (highest price) first.
 * @param askSizes ask sizes, best (lowest price) first.
 * @param levels number of levels per side to include (integer ≥ 1).
 */
export function bookImbalance(
  bidSizes: ArrayLike<number>,
  askSizes: ArrayLike<number>,
  levels: number,
): number {
  requireInt('levels', levels, 1);
  let bid = 0;
  let ask = 0;
  const nb = Math.min(levels, bidSizes.length);
  const na = Math.min(levels, askSizes.length);
  for (let i = 0; i < nb; i++) bid += bidSizes[i] ?? 0;
  for (let i = 0; i < na; i++) ask += askSizes[i] ?? 0;
  const total = bid + ask;
  return total > 0 ? (bid - ask) / total : Number.NaN;
}

/**
 * `bookImbalance` smoothed by an EMA of span `n` book updates: the raw imbalance flips sign
 * with every touch refill, the smoothed one is what a strategy can act on. Updates with no
 * book (NaN imbalance) leave the average unchanged.
 */
export class SmoothedBookImbalance {
  private readonly ema: Ema;
  private readonly levels: number;

  /**
   * @param levels levels per side (integer ≥ 1).
   * @param n EMA span in book updates (integer ≥ 1).
   */
  constructor(levels: number, n: number) {
    this.levels = requireInt('levels', levels, 1);
    this.ema = new Ema(n);
  }

  /** Returns the smoothed imbalance in [−1, 1]; NaN until a non-empty book has been seen. */
  update(bidSizes: ArrayLike<number>, askSizes: ArrayLike<number>): number {
    const raw = bookImbalance(bidSizes, askSizes, this.levels);
    return Number.isNaN(raw) ? this.ema.current : this.ema.update(raw);
  }

  reset(): void {
    this.ema.reset();
  }
}
