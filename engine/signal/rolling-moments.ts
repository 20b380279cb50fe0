import { requireInt } from './validate';

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
  /** The window, a ring: `count` values from `head` (oldest first). */
  private readonly buf: Float64Array;
  private head = 0;
  private count = 0;
  /** Σd and Σd² (d = x − shift) with their Neumaier compensations (`CompensatedSum` inlined). */
  private s1 = 0;
  private c1 = 0;
  private s2 = 0;
  private c2 = 0;
  private shift = Number.NaN;
  private sinceRebuild = 0;
  private runValue = Number.NaN;
  private runLength = 0;

  /** @param n window length (integer ≥ 1). */
  constructor(n: number) {
    this.buf = new Float64Array(requireInt('capacity', n, 1));
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** Number of values in the window. */
  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.buf.length;
  }

  /** Pushes `x` (finite; not checked here, callers validate), evicting the oldest when full. */
  push(x: number): void {
    if (Number.isNaN(this.shift)) this.shift = x;
    const buf = this.buf;
    const cap = buf.length;
    const wasFull = this.count === cap;
    let old = Number.NaN;
    if (wasFull) {
      const h = this.head;
      old = buf[h] as number;
      buf[h] = x;
      this.head = h + 1 === cap ? 0 : h + 1;
    } else {
      let at = this.head + this.count;
      if (at >= cap) at -= cap;
      buf[at] = x;
      this.count++;
    }
    const d = x - this.shift;
    this.add1(d);
    this.add2(d * d);
    if (wasFull) {
      const od = old - this.shift;
      this.add1(-od);
      this.add2(-od * od);
    }
    if (x === this.runValue) this.runLength++;
    else {
      this.runValue = x;
      this.runLength = 1;
    }
    if (++this.sinceRebuild >= cap) this.rebuild();
  }

  /** Mean of the window; NaN when empty. */
  mean(): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return this.runValue;
    return this.shift + (this.s1 + this.c1) / c;
  }

  /** Population variance (divide by the count) of the window; NaN when empty, ≥ 0 otherwise. */
  variance(): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return 0;
    const m = (this.s1 + this.c1) / c;
    const meanSq = (this.s2 + this.c2) / c;
    const v = meanSq - m * m;
    // Below the rounding noise of Σd²/n the variance is indistinguishable from 0.
    return v > NOISE_REL * meanSq ? v : 0;
  }

  /**
   * z-score of `x` against the window: (x − mean) / std, 0 when the std is 0; NaN when empty.
   * The arithmetic of {@link RollingMoments.mean} and {@link RollingMoments.std}, done once.
   */
  zOf(x: number): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return 0;
    const m = (this.s1 + this.c1) / c;
    const meanSq = (this.s2 + this.c2) / c;
    const v = meanSq - m * m;
    const sd = Math.sqrt(v > NOISE_REL * meanSq ? v : 0);
    return sd === 0 ? 0 : (x - (this.shift + m)) / sd;
  }

  /** Population standard deviation; NaN when empty. */
  std(): number {
    return Math.sqrt(this.variance());
  }

  /** The `i`-th value of the window, oldest first (NaN out of range). */
  get(i: number): number {
    if (i < 0 || i >= this.count) return Number.NaN;
    return this.buf[(this.head + i) % this.buf.length] ?? Number.NaN;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.resetSums();
    this.shift = Number.NaN;
    this.sinceRebuild = 0;
    this.runValue = Number.NaN;
    this.runLength = 0;
  }

  /**
   * Σd: d = x − shift has either sign and the sum hovers near 0, so Neumaier's branch on the
   * larger magnitude would be a coin flip. Knuth's branch-free TwoSum yields the same exact
   * rounding error (it is unique), hence the same bits.
   */
  private add1(x: number): void {
    const sum = this.s1;
    const t = sum + x;
    const xPart = t - sum;
    this.c1 += sum - (t - xPart) + (x - xPart);
    this.s1 = t;
  }

  private add2(x: number): void {
    const sum = this.s2;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) this.c2 += sum - t + x;
    else this.c2 += x - t + sum;
    this.s2 = t;
  }

  private resetSums(): void {
    this.s1 = 0;
    this.c1 = 0;
    this.s2 = 0;
    this.c2 = 0;
  }

  private rebuild(): void {
    this.sinceRebuild = 0;
    const c = this.count;
    // Re-centre on the current mean so that d stays small relative to x.
    this.shift = this.shift + (this.s1 + this.c1) / c;
    this.resetSums();
    const buf = this.buf;
    const cap = buf.length;
    const shift = this.shift;
    let j = this.head;
    for (let i = 0; i < c; i++) {
      const d = (buf[j] as number) - shift;
      this.add1(d);
      this.add2(d * d);
      j = j + 1 === cap ? 0 : j + 1;
    }
  }
}
