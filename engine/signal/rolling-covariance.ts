import { CompensatedSum } from './compensated-sum';
import { RingBuffer } from './ring-buffer';

/** Relative size under which a variance is rounding noise (about 2^-40). */
const NOISE_REL = 1e-12;

/**
 * Means, population variances and covariance of the last `n` pairs (x, y), O(1) amortized per
 * push, no allocation. Same scheme as `RollingMoments`: sums of shifted values, re-centred and
 * rebuilt from the window every `n` pushes so that cancellation and drift stay bounded.
 */
export class RollingCovariance {
  private readonly xs: RingBuffer;
  private readonly ys: RingBuffer;
  private readonly sx = new CompensatedSum();
  private readonly sy = new CompensatedSum();
  private readonly sxx = new CompensatedSum();
  private readonly syy = new CompensatedSum();
  private readonly sxy = new CompensatedSum();
  private kx = Number.NaN;
  private ky = Number.NaN;
  private sinceRebuild = 0;

  /** @param n window length (integer ≥ 1). */
  constructor(n: number) {
    this.xs = new RingBuffer(n);
    this.ys = new RingBuffer(n);
  }

  get size(): number {
    return this.xs.size;
  }

  get full(): boolean {
    return this.xs.full;
  }

  /** Pushes the pair (x, y) (finite; callers validate), evicting the oldest pair when full. */
  push(x: number, y: number): void {
    if (Number.isNaN(this.kx)) {
      this.kx = x;
      this.ky = y;
    }
    const wasFull = this.xs.full;
    const ox = this.xs.push(x) - this.kx;
    const oy = this.ys.push(y) - this.ky;
    this.accumulate(x - this.kx, y - this.ky, 1);
    if (wasFull) this.accumulate(ox, oy, -1);
    if (++this.sinceRebuild >= this.xs.capacity) this.rebuild();
  }

  meanX(): number {
    return this.xs.size === 0 ? Number.NaN : this.kx + this.sx.value / this.xs.size;
  }

  meanY(): number {
    return this.xs.size === 0 ? Number.NaN : this.ky + this.sy.value / this.xs.size;
  }

  /** Population variance of x (≥ 0), NaN when empty. */
  varX(): number {
    return this.central(this.sxx.value, this.sx.value, this.sx.value, true);
  }

  /** Population variance of y (≥ 0), NaN when empty. */
  varY(): number {
    return this.central(this.syy.value, this.sy.value, this.sy.value, true);
  }

  /** Population covariance of x and y, NaN when empty. */
  cov(): number {
    return this.central(this.sxy.value, this.sx.value, this.sy.value, false);
  }

  reset(): void {
    this.xs.clear();
    this.ys.clear();
    this.resetSums();
    this.kx = Number.NaN;
    this.ky = Number.NaN;
    this.sinceRebuild = 0;
  }

  private central(sab: number, sa: number, sb: number, isVariance: boolean): number {
    const c = this.xs.size;
    if (c === 0) return Number.NaN;
    const v = sab / c - (sa / c) * (sb / c);
    // A variance below the rounding noise of Σd²/n is indistinguishable from 0: report 0 so
    // that callers dividing by it see a flat series rather than a huge meaningless ratio.
    if (isVariance && v <= NOISE_REL * (sab / c)) return 0;
    return v;
  }

  private resetSums(): void {
    this.sx.reset();
    this.sy.reset();
    this.sxx.reset();
    this.syy.reset();
    this.sxy.reset();
  }

  private accumulate(dx: number, dy: number, sign: 1 | -1): void {
    this.sx.add(sign * dx);
    this.sy.add(sign * dy);
    this.sxx.add(sign * dx * dx);
    this.syy.add(sign * dy * dy);
    this.sxy.add(sign * dx * dy);
  }

  private rebuild(): void {
    this.sinceRebuild = 0;
    const c = this.xs.size;
    this.kx += this.sx.value / c;
    this.ky += this.sy.value / c;
    this.resetSums();
    for (let i = 0; i < c; i++) this.accumulate(this.xs.get(i) - this.kx, this.ys.get(i) - this.ky, 1);
  }
}
