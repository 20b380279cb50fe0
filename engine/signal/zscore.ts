import { RollingMoments } from './rolling-moments';
import { requireFinite, requireInt } from './validate';

/**
 * Rolling z-score: (x − mean) / std over the last `n` values, the current one included,
 * with the population standard deviation (divide by n).
 *
 * NaN until `n` values have been seen; 0 when the window is flat (std = 0), since x then
 * equals the mean. Because the current value is in the window, |z| ≤ (n − 1)/√n; use
 * `SpikeDetector` to score a value against the window before it.
 */
export class RollingZScore {
  private readonly moments: RollingMoments;

  /** @param n window length in values (integer ≥ 2 — one value has no dispersion). */
  constructor(n: number) {
    this.moments = new RollingMoments(requireInt('n', n, 2));
  }

  /** Adds `x` (finite) and returns its z-score (dimensionless). */
  update(x: number): number {
    return this.push(x) ? this.moments.zOf(x) : Number.NaN;
  }

  /**
   * The window half of {@link RollingZScore.update}: adds `x` (finite) and returns whether its
   * z-score is defined ({@link RollingZScore.latestZ}; false until `n` values have been seen).
   * A caller that needs only some of the z-scores skips the square root and divisions of the
   * others.
   */
  push(x: number): boolean {
    requireFinite('x', x);
    const m = this.moments;
    m.push(x);
    return m.full;
  }

  /** z-score of the latest value, as `update` returned it; NaN until `n` values were seen. */
  latestZ(): number {
    const m = this.moments;
    return m.full ? m.zOf(m.newest()) : Number.NaN;
  }

  /** Mean of the window (unit of x), NaN when empty. */
  mean(): number {
    return this.moments.mean();
  }

  /** Population standard deviation of the window (unit of x), NaN when empty. */
  std(): number {
    return this.moments.std();
  }

  reset(): void {
    this.moments.reset();
  }
}
