import { CompensatedSum } from './compensated-sum';
import { RingBuffer } from './ring-buffer';

/** Relative size under which a variance is rounding noise (about 2^-40). */
const NOISE_REL = 1e-12;

/**
 * Mean and population variance of the last `n` values, O(1) amortized per push, no allocation.
 *
 * Why not plain Σx and Σx²: for prices (x ≈ 60 000, σ ≈ 1) the difference Σx²/n − mean² loses
 * every significant digit. The sums are instead kept of `d = x − K` for a shift `K` that is
 * re-centred on the window mean, and the sums are rebuilt exactly from the window every `n`
 * pushes (O(n) every n pushes = O(1) amortized), so neither cancellation nor the drift of
 * add/subtract updates can grow without bound.
 *
 * A window whose values are all identical has variance exactly 0 (tracked by the length of the
 * run of equal trailing values), not a rounding residue such as 1e-22: callers divide by the
 * standard deviation and must see the zero.
 */
export class RollingMoments {
  private readonly window: RingBuffer;
  private readonly s1 = new CompensatedSum();
  private readonly s2 = new CompensatedSum();
  private shift = Number.NaN;
  private sinceRebuild = 0;
  private runValue = Number.NaN;
  private runLength = 0;

  /** @param n window length (integer ≥ 1). */
  constructor(n: number) {
    this.window = new RingBuffer(n);
  }

  get capacity(): number {
    return this.window.capacity;
  }

  /** Number of values in the window. */
  get size(): number {
    return this.window.size;
  }

  get full(): boolean {
    return this.window.full;
  }

  /** Pushes `x` (finite; not checked here, callers validate), evicting the oldest when full. */
  push(x: number): void {
    if (Number.isNaN(this.shift)) this.shift = x;
    const wasFull = this.window.full;
    const old = this.window.push(x);
    const d = x - this.shift;
    this.s1.add(d);
    this.s2.add(d * d);
    if (wasFull) {
      const od = old - this.shift;
      this.s1.add(-od);
      this.s2.add(-od * od);
    }
    if (x === this.runValue) this.runLength++;
    else {
      this.runValue = x;
      this.runLength = 1;
    }
    if (++this.sinceRebuild >= this.window.capacity) this.rebuild();
  }

  /** Mean of the window; NaN when empty. */
  mean(): number {
    const c = this.window.size;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return this.runValue;
    return this.shift + this.s1.value / c;
  }

  /** Population variance (divide by the count) of the window; NaN when empty, ≥ 0 otherwise. */
  variance(): number {
    const c = this.window.size;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return 0;
    const m = this.s1.value / c;
    const meanSq = this.s2.value / c;
    const v = meanSq - m * m;
    // Below the rounding noise of Σd²/n the variance is indistinguishable from 0.
    return v > NOISE_REL * meanSq ? v : 0;
  }

  /** Population standard deviation; NaN when empty. */
  std(): number {
    return Math.sqrt(this.variance());
  }

  /** The `i`-th value of the window, oldest first. */
  get(i: number): number {
    return this.window.get(i);
  }

  reset(): void {
    this.window.clear();
    this.s1.reset();
    this.s2.reset();
    this.shift = Number.NaN;
    this.sinceRebuild = 0;
    this.runValue = Number.NaN;
    this.runLength = 0;
  }

  private rebuild(): void {
    this.sinceRebuild = 0;
    const c = this.window.size;
    // Re-centre on the current mean so that d stays small relative to x.
    this.shift = this.shift + this.s1.value / c;
    this.s1.reset();
    this.s2.reset();
    for (let i = 0; i < c; i++) {
      const d = this.window.get(i) - this.shift;
      this.s1.add(d);
      this.s2.add(d * d);
    }
  }
}
