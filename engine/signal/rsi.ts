import { negativePart, positivePart } from './signed-parts';
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
  /** {@link RSI_STATE} doubles: previous price, changes seen, average gain and loss. */
  private readonly state = new Float64Array(RSI_STATE);

  /** @param n smoothing length in price changes (integer ≥ 1; 14 is customary). */
  constructor(n: number) {
    this.n = requireInt('n', n, 1);
    rsiReset(this.state, 0);
  }

  /** Adds a price (finite) and returns the RSI in [0, 100]; NaN for the first `n` prices. */
  update(price: number): number {
    requireFinite('price', price);
    return rsiStep(this.state, 0, this.n, price);
  }

  reset(): void {
    rsiReset(this.state, 0);
  }
}

/**
 * Doubles of one RSI state, from its offset: previous price (NaN before the first), changes
 * seen (saturates at n: only the seed phase needs the count), average gain, average loss.
 * {@link RsiWilder} holds one; the kernel holds one per stream in a single array.
 */
export const RSI_STATE = 4;

/** Resets the RSI state at `at` of `state` (before the first price). */
export function rsiReset(state: Float64Array, at: number): void {
  state[at] = Number.NaN;
  state[at + 1] = 0;
  state[at + 2] = 0;
  state[at + 3] = 0;
}

/**
 * Adds `price` (finite; not checked here) to the RSI state at `at` of `state` (see
 * {@link RSI_STATE}) with smoothing length `n`, and returns the RSI; NaN for the first n prices.
 */
export function rsiStep(state: Float64Array, at: number, n: number, price: number): number {
  return rsiAdvance(state, at, n, price) ? rsiValue(state, at) : Number.NaN;
}

/**
 * The state half of {@link rsiStep}: adds `price` and returns whether the RSI is defined now
 * (false for the first n prices). The RSI itself is {@link rsiValue} of the new state — a
 * caller that needs only some of the values (the kernel while nobody listens) skips its two
 * divisions for the others.
 */
export function rsiAdvance(state: Float64Array, at: number, n: number, price: number): boolean {
  const prev = state[at] as number;
  state[at] = price;
  if (prev !== prev) return false;
  const change = price - prev;
  // Without a branch on the sign of the change (a coin flip): see signed-parts.ts.
  const gain = positivePart(change);
  const loss = negativePart(change);
  let avgGain: number;
  let avgLoss: number;
  const changes = state[at + 1] as number;
  if (changes < n) {
    // Seed phase: accumulate sums, divide once the n-th change arrives.
    avgGain = (state[at + 2] as number) + gain;
    avgLoss = (state[at + 3] as number) + loss;
    state[at + 1] = changes + 1;
    if (changes + 1 < n) {
      state[at + 2] = avgGain;
      state[at + 3] = avgLoss;
      return false;
    }
    avgGain /= n;
    avgLoss /= n;
  } else {
    avgGain = ((state[at + 2] as number) * (n - 1) + gain) / n;
    avgLoss = ((state[at + 3] as number) * (n - 1) + loss) / n;
  }
  state[at + 2] = avgGain;
  state[at + 3] = avgLoss;
  return true;
}

/** The RSI of the state at `at` of `state` (meaningful once {@link rsiAdvance} returned true). */
export function rsiValue(state: Float64Array, at: number): number {
  return rsiOf(state[at + 2] as number, state[at + 3] as number);
}

/** RSI from average gain and loss (both ≥ 0): 100 if no loss, 50 if neither. */
export function rsiOf(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (1 + avgGain / avgLoss);
}
