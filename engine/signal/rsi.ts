import { requireFinite, requireInt } from './validate';

/**
 * Relative Strength Index with Wilder smoothing (Wilder 1978), in [0, 100].
 *
 * - The first `n` price changes are averaged plainly (gains and losses separately, a loss
 *   counted as a positive number): the seed.
 * - Then avgₜ = (avgₜ₋₁ · (n − 1) + changeₜ) / n for gains and for losses (an EMA with α = 1/n).
 * - RSI = 100 − 100 / (1 + avgGain / avgLoss).
 *
 * The first value is returned at the (n + 1)-th price; NaN before. When the average loss is 0
 * the ratio is infinite and RSI is 100; when both averages are 0 (a flat series) the index is
 * undefined, and 50 — neither overbought nor oversold — is returned.
 */
export class RsiWilder {
  private readonly n: number;
  private prev = Number.NaN;
  /** Changes seen so far (saturates at n: only the seed phase needs the count). */
  private changes = 0;
  private avgGain = 0;
  private avgLoss = 0;

  /** @param n smoothing length in price changes (integer ≥ 1; 14 is customary). */
  constructor(n: number) {
    this.n = requireInt('n', n, 1);
  }

  /** Adds a price (finite) and returns the RSI in [0, 100]; NaN for the first `n` prices. */
  update(price: number): number {
    requireFinite('price', price);
    const prev = this.prev;
    this.prev = price;
    if (Number.isNaN(prev)) return Number.NaN;
    const change = price - prev;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    const n = this.n;
    if (this.changes < n) {
      // Seed phase: accumulate sums, divide once the n-th change arrives.
      this.avgGain += gain;
      this.avgLoss += loss;
      if (++this.changes < n) return Number.NaN;
      this.avgGain /= n;
      this.avgLoss /= n;
    } else {
      this.avgGain = (this.avgGain * (n - 1) + gain) / n;
      this.avgLoss = (this.avgLoss * (n - 1) + loss) / n;
    }
    return rsiOf(this.avgGain, this.avgLoss);
  }

  reset(): void {
    this.prev = Number.NaN;
    this.changes = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
  }
}

/** RSI from average gain and loss (both ≥ 0): 100 if no loss, 50 if neither. */
export function rsiOf(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + avgGain / avgLoss);
}
