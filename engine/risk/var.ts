import { RollingMoments } from '../signal/rolling-moments';
import { requireFinite, requireInt, requireOpenUnit } from '../signal/validate';
import { normalInv, normalPdf } from './normal';
import { TailWindow } from './tail-window';

/** Options of {@link RollingVar}. */
export interface RollingVarOptions {
  /**
   * Keep the window's mean and variance for {@link RollingVar.parametricVar} and
   * {@link RollingVar.parametricEs} (default true). Off, an update costs about half as much and
   * the parametric figures are NaN.
   */
  readonly parametric?: boolean;
}

/**
 * Value at Risk and Expected Shortfall of the last `n` returns, at confidence `c`. Losses are
 * positive: a return r is a loss of −r, and VaR 0.03 means "lose 3 % or more with
 * probability 1 − c". Everything is NaN until `n` returns have been seen.
 *
 * Historical (order statistics): with the window's losses sorted ascending L₍₁₎ ≤ … ≤ L₍ₙ₎ and
 * k = ⌈n·c⌉, VaR = L₍ₖ₎ — the lower empirical c-quantile inf{x : Fₙ(x) ≥ c} — and ES is the
 * mean of the n − k + 1 losses from L₍ₖ₎ up (the VaR itself included), summed in ascending
 * order. For n = 100 and c = 0.99: VaR is the second-largest loss and ES the mean of the two
 * largest.
 *
 * Parametric (Gaussian): with the window's mean μ and sample standard deviation σ (n − 1) and
 * z = Φ⁻¹(c): VaR = σ z − μ, ES = σ φ(z) / (1 − c) − μ.
 *
 * Only the n − k + 1 largest losses need to be in order: they sit in a small sorted array and
 * the rest of the window in a max-heap with lazy deletion ({@link TailWindow}), so an update is
 * O(log n) amortized instead of the O(n) shifts of a fully sorted window — with exactly the
 * same VaR and ES values. No allocation in steady state.
 */
/**
 * The window of the last `n` losses (returns negated: 0 − r) that {@link RollingVar} keeps
 * ordered: the smallest of its top is the historical VaR at `confidence`, the mean of its top
 * the ES. For a caller that needs only the historical figures (the replay's `var`).
 */
export function lossTail(n: number, confidence: number): TailWindow {
  return new TailWindow(n, lossTailSize(n, confidence));
}

/**
 * How many of the window's largest losses {@link lossTail} keeps in order (its TailWindow's m):
 * the VaR is the smallest of them, the ES their mean. Also read by the WebAssembly `var`.
 */
export function lossTailSize(n: number, confidence: number): number {
  // n·c is inexact in binary (100 · 0.99 = 98.99999999999999?): forgive a few ulps so that
  // an integer n·c is not rounded up one order statistic too far.
  const k = Math.ceil(n * confidence - 1e-9);
  const varIndex = Math.min(n, Math.max(1, k)) - 1;
  return n - varIndex;
}

export class RollingVar {
  private readonly tail: TailWindow;
  private readonly moments: RollingMoments | undefined;
  private readonly confidence: number;
  private readonly z: number;
  private readonly n: number;

  /**
   * @param n window length in returns (integer ≥ 2).
   * @param confidence c ∈ (0, 1), e.g. 0.99.
   */
  constructor(n: number, confidence = 0.99, options: RollingVarOptions = {}) {
    requireInt('n', n, 2);
    this.n = n;
    this.confidence = requireOpenUnit('confidence', confidence);
    this.moments = options.parametric === false ? undefined : new RollingMoments(n);
    this.z = normalInv(confidence);
    this.tail = lossTail(n, confidence);
  }

  /** Adds one return (finite, as a fraction: −0.02 is a 2 % loss). */
  update(returnValue: number): void {
    requireFinite('returnValue', returnValue);
    // 0 − r rather than −r: a zero return is a loss of +0, never −0.
    this.tail.push(0 - returnValue);
    this.moments?.push(returnValue);
  }

  /** Historical VaR, as a positive loss fraction; NaN until the window is full. */
  historicalVar(): number {
    return this.tail.full ? this.tail.smallestOfTop() : Number.NaN;
  }

  /** Historical ES (mean of the losses at or beyond the VaR order statistic); NaN until full. */
  historicalEs(): number {
    return this.tail.full ? this.tail.meanOfTop() : Number.NaN;
  }

  /** Gaussian VaR σ z − μ, as a loss fraction; NaN until full (or without `parametric`). */
  parametricVar(): number {
    const m = this.moments;
    if (m === undefined || !this.tail.full) return Number.NaN;
    return this.sampleStd(m) * this.z - m.mean();
  }

  /** Gaussian ES σ φ(z) / (1 − c) − μ, as a loss fraction; NaN until full (or without `parametric`). */
  parametricEs(): number {
    const m = this.moments;
    if (m === undefined || !this.tail.full) return Number.NaN;
    return (this.sampleStd(m) * normalPdf(this.z)) / (1 - this.confidence) - m.mean();
  }

  /** Returns in the window. */
  get size(): number {
    return this.tail.size;
  }

  /** Window length n. */
  get capacity(): number {
    return this.n;
  }

  private sampleStd(m: RollingMoments): number {
    const n = m.size;
    return Math.sqrt((m.variance() * n) / (n - 1));
  }
}
