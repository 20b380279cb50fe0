import { RollingCovariance } from './rolling-covariance';
import { requireFinite, requireInt, requirePositive } from './validate';

/**
 * Z-score of the statistical-arbitrage spread sₜ = ln(Aₜ) − β · ln(Bₜ) over the last `n` pairs.
 *
 * β is either fixed (the constructor's `hedgeRatio`) or, when omitted, the rolling OLS slope
 * of ln A on ln B over the same window: β = cov(ln A, ln B) / var(ln B) (with intercept).
 * Either way the window's spread statistics follow in O(1) from the rolling moments of
 * (ln A, ln B), for the CURRENT β applied to the whole window:
 *   mean(s) = mean(a) − β mean(b),  var(s) = var(a) − 2β cov(a, b) + β² var(b)
 * and z = (sₜ − mean(s)) / √var(s), population moments. With the OLS β, var(s) is the residual
 * variance of the regression.
 *
 * NaN until `n` pairs have been seen, and (rolling β only) while ln B is flat over the window
 * (β undefined). 0 when the spread is flat.
 */
export class PairSpreadZScore {
  private readonly moments: RollingCovariance;
  private readonly fixedBeta: number | undefined;
  private lastBeta = Number.NaN;
  private lastSpread = Number.NaN;

  /**
   * @param n window length in pairs (integer ≥ 3 for a rolling β, ≥ 2 for a fixed one).
   * @param hedgeRatio fixed β (finite); omit for the rolling OLS β.
   */
  constructor(n: number, hedgeRatio?: number) {
    this.fixedBeta = hedgeRatio === undefined ? undefined : requireFinite('hedgeRatio', hedgeRatio);
    this.moments = new RollingCovariance(requireInt('n', n, hedgeRatio === undefined ? 3 : 2));
  }

  /**
   * Adds one synchronous pair of prices and returns the spread z-score (dimensionless).
   * @param priceA price of leg A (> 0); @param priceB price of leg B (> 0).
   */
  update(priceA: number, priceB: number): number {
    const a = Math.log(requirePositive('priceA', priceA));
    const b = Math.log(requirePositive('priceB', priceB));
    const m = this.moments;
    m.push(a, b);
    if (!m.full) {
      this.lastBeta = this.fixedBeta ?? Number.NaN;
      this.lastSpread = a - this.lastBeta * b;
      return Number.NaN;
    }
    const varB = m.varY();
    const beta = this.fixedBeta ?? (varB > 0 ? m.cov() / varB : Number.NaN);
    this.lastBeta = beta;
    const spread = a - beta * b;
    this.lastSpread = spread;
    if (Number.isNaN(beta)) return Number.NaN;
    const varS = m.varX() - 2 * beta * m.cov() + beta * beta * varB;
    // Rounding can leave a tiny (even negative) variance for a flat spread: relative to the
    // variance of ln A it is noise.
    if (!(varS > 1e-12 * m.varX())) return 0;
    return (spread - (m.meanX() - beta * m.meanY())) / Math.sqrt(varS);
  }

  /** β used by the last update (NaN before it is defined). */
  get beta(): number {
    return this.lastBeta;
  }

  /** Spread ln A − β ln B of the last update, in log units (NaN while β is undefined). */
  get spread(): number {
    return this.lastSpread;
  }

  reset(): void {
    this.moments.reset();
    this.lastBeta = Number.NaN;
    this.lastSpread = Number.NaN;
  }
}
