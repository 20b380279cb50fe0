/**
 * The result of walking the book to fill a market order of a given size: what it would cost.
 * Mutable and reusable, so repeated queries (e.g. per event in a liquidity processor) do not
 * allocate.
 */
export class FillEstimate {
  /** Size asked for, base units (contracts for COIN-M). */
  requested = 0;
  /** Size the visible book can fill (≤ requested). */
  filled = 0;
  /** Σ price × size over the filled levels, quote units. */
  notional = 0;
  /** Volume-weighted average fill price; NaN when nothing fills. */
  vwap = NaN;
  /** Best price on the side walked (where a zero-size order would fill); NaN on an empty side. */
  bestPrice = NaN;
  /** Price of the last (worst) level touched; NaN when nothing fills. */
  worstPrice = NaN;
  /** Adverse price move of the average fill versus the best price, in price units (≥ 0). */
  slippage = NaN;
  /** `slippage` relative to the best price, in basis points (1 bp = 0.01 %). */
  slippageBps = NaN;
  /** Number of levels touched. */
  levels = 0;
  /** Whether the visible book holds enough size to fill `requested` in full. */
  complete = false;
}
