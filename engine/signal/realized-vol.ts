import { US_PER_S } from '../core/brand';
import { RollingMoments } from './rolling-moments';
import { requirePositive, requireInt } from './validate';

/** Seconds in a 365-day year: crypto trades every day, so no 252-day convention. */
export const SECONDS_PER_YEAR = 365 * 24 * 3600;

/**
 * Realized volatility: population standard deviation of the last `n` log returns
 * ln(pₜ / pₜ₋₁), per sampling interval — NOT annualized (see `annualizeVol`).
 *
 * The first value comes at the (n + 1)-th price (n returns); NaN before. The mean return is
 * subtracted (a standard deviation, not the root mean square).
 */
export class RealizedVol {
  private readonly moments: RollingMoments;
  private prev = Number.NaN;

  /** @param n number of returns in the window (integer ≥ 2). */
  constructor(n: number) {
    this.moments = new RollingMoments(requireInt('n', n, 2));
  }

  /** Adds a price (finite, > 0) and returns the raw per-interval volatility (0.01 = 1 %). */
  update(price: number): number {
    return this.push(price) ? this.moments.std() : Number.NaN;
  }

  /**
   * The state half of {@link RealizedVol.update}: adds a price (finite, > 0) and returns
   * whether the volatility is defined now. The kernel calls this and {@link RealizedVol.latest}
   * only for the values someone listens to: while counting, no square root or division, and
   * no double crosses a call (it would be boxed).
   */
  push(price: number): boolean {
    // One test for the common case; the call only to throw its error.
    if (!(price > 0 && price < Infinity)) requirePositive('price', price);
    const prev = this.prev;
    this.prev = price;
    if (prev !== prev) return false;
    this.moments.push(Math.log(price / prev));
    return this.moments.full;
  }

  /** The volatility of the window as it is: NaN until it holds n returns. */
  latest(): number {
    return this.moments.full ? this.moments.std() : Number.NaN;
  }

  reset(): void {
    this.moments.reset();
    this.prev = Number.NaN;
  }
}

/**
 * Scales a per-interval volatility to a yearly one by √(intervals per year), assuming
 * independent returns: σ_year = σ · √(yearUs / samplingIntervalUs).
 *
 * @param rawVol volatility per sampling interval (e.g. from `RealizedVol`).
 * @param samplingIntervalUs the interval between the sampled prices, µs (> 0), e.g. 60e6 for 1-minute bars.
 * @param yearUs the length of a year, µs; defaults to 365 days.
 */
export function annualizeVol(
  rawVol: number,
  samplingIntervalUs: number,
  yearUs: number = SECONDS_PER_YEAR * US_PER_S,
): number {
  requirePositive('samplingIntervalUs', samplingIntervalUs);
  requirePositive('yearUs', yearUs);
  return rawVol * Math.sqrt(yearUs / samplingIntervalUs);
}
