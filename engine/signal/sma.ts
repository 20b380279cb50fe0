import { CompensatedSum } from './compensated-sum';
import { RingBuffer } from './ring-buffer';
import { requireFinite, requireInt } from './validate';

/**
 * Simple moving average of the last `n` values.
 *
 * O(1) per update: a ring buffer gives the value leaving the window and a compensated running
 * sum is adjusted by (new − old). The sum is rebuilt from the window every `n` updates
 * (O(n) / n = O(1) amortized) so that add/subtract rounding cannot accumulate over a long replay.
 */
export class Sma {
  private readonly window: RingBuffer;
  private readonly sum = new CompensatedSum();
  private sinceRebuild = 0;

  /** @param n window length in values (integer ≥ 1). */
  constructor(n: number) {
    this.window = new RingBuffer(requireInt('n', n, 1));
  }

  /**
   * Adds `x` (finite, any unit) and returns the mean of the last `n` values, in the unit of `x`;
   * NaN until `n` values have been seen.
   */
  update(x: number): number {
    requireFinite('x', x);
    const wasFull = this.window.full;
    const old = this.window.push(x);
    this.sum.add(x);
    if (wasFull) this.sum.add(-old);
    const n = this.window.capacity;
    if (++this.sinceRebuild >= n) {
      this.sinceRebuild = 0;
      this.sum.reset();
      for (let i = 0; i < this.window.size; i++) this.sum.add(this.window.get(i));
    }
    return this.window.full ? this.sum.value / n : Number.NaN;
  }

  /** Forgets every value seen. */
  reset(): void {
    this.window.clear();
    this.sum.reset();
    this.sinceRebuild = 0;
  }
}
