import { RollingMoments } from './rolling-moments';
import { requireFinite, requireInt, requireNonNegative, requirePositive } from './validate';

/** Options of a `SpikeDetector`. */
export interface SpikeDetectorOptions {
  /**
   * Floor on the baseline standard deviation, in the unit of x (default 0). Without it, a value
   * that differs at all from a flat baseline (a one-tick move after a quiet minute) scores an
   * infinite z and is a spike.
   */
  readonly minStd?: number;
}

/**
 * Flags values far from the recent past: x is a spike when |x − mean| / std > zThreshold, with
 * mean and population std taken over the `n` values BEFORE x.
 *
 * Scoring against the previous window, not one that contains x, is what makes the detector
 * work: a spike inside its own window inflates the std it is divided by, capping |z| at
 * (n − 1)/√n (under 3.2 for n = 10) however large the spike. x then enters the window, so a
 * lasting level shift is flagged only until the window has absorbed it. Works for prices,
 * returns or volumes (read `lastZ` for the sign: volume spikes are the positive ones).
 * Never a spike before `n` values have been seen.
 */
export class SpikeDetector {
  private readonly moments: RollingMoments;
  private readonly threshold: number;
  private readonly minStd: number;
  private z = Number.NaN;

  /**
   * @param n baseline window in values (integer ≥ 2).
   * @param zThreshold spike threshold in standard deviations (> 0), e.g. 4.
   */
  constructor(n: number, zThreshold: number, options: SpikeDetectorOptions = {}) {
    this.moments = new RollingMoments(requireInt('n', n, 2));
    this.threshold = requirePositive('zThreshold', zThreshold);
    this.minStd = requireNonNegative('minStd', options.minStd ?? 0);
  }

  /** Scores `x` (finite) against the previous `n` values, then adds it; true on a spike. */
  update(x: number): boolean {
    requireFinite('x', x);
    const m = this.moments;
    if (m.full) {
      const dev = x - m.mean();
      const sd = Math.max(m.std(), this.minStd);
      // dev / 0 is ±Infinity (a spike) unless dev is 0 too (NaN would hide it: make it 0).
      this.z = dev === 0 ? 0 : dev / sd;
    } else {
      this.z = Number.NaN;
    }
    m.push(x);
    return Math.abs(this.z) > this.threshold;
  }

  /** Signed z-score of the last value against its baseline; NaN before the baseline is full. */
  get lastZ(): number {
    return this.z;
  }

  reset(): void {
    this.moments.reset();
    this.z = Number.NaN;
  }
}
