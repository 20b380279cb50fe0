import { RingBuffer } from './ring-buffer';
import { requireInt, requirePositive } from './validate';

/**
 * Momentum as a simple return over `n` steps: price / price n updates ago − 1.
 *
 * "n updates ago" needs n + 1 prices, so the first value comes at the (n + 1)-th price (NaN
 * before). A ring of n + 1 prices holds exactly what is needed.
 */
export class Momentum {
  private readonly prices: RingBuffer;

  /** @param n look-back in updates (integer ≥ 1). */
  constructor(n: number) {
    this.prices = new RingBuffer(requireInt('n', n, 1) + 1);
  }

  /** Adds a price (finite, > 0) and returns the n-step simple return (0.01 = +1 %). */
  update(price: number): number {
    requirePositive('price', price);
    this.prices.push(price);
    if (!this.prices.full) return Number.NaN;
    return price / this.prices.get(0) - 1;
  }

  reset(): void {
    this.prices.clear();
  }
}
