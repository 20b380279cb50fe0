import { RingBuffer } from '../signal/ring-buffer';
import { RollingMoments } from '../signal/rolling-moments';
import { requireFinite, requireInt, requireOpenUnit } from '../signal/validate';
import { normalInv, normalPdf } from './normal';

/**
 * Value at Risk and Expected Shortfall of the last `n` returns, at confidence `c`. Losses are
 * positive: a return r is a loss of −r, and VaR 0.03 means "lose 3 % or more with
 * probability 1 − c". Everything is NaN until `n` returns have been seen.
 *
 * Historical (order statistics): with the window's losses sorted ascending L₍₁₎ ≤ … ≤ L₍ₙ₎ and
 * k = ⌈n·c⌉, VaR = L₍ₖ₎ — the lower empirical c-quantile inf{x : Fₙ(x) ≥ c} — and ES is the
 * mean of the n − k + 1 losses from L₍ₖ₎ up (the VaR itself included). For n = 100 and
 * c = 0.99: VaR is the second-largest loss and ES the mean of the two largest.
 *
 * Parametric (Gaussian): with the window's mean μ and sample standard deviation σ (n − 1) and
 * z = Φ⁻¹(c): VaR = σ z − μ, ES = σ φ(z) / (1 − c) − μ.
 *
 * `update` keeps the losses in a sorted `Float64Array`: a binary search finds where to remove
 * the evicted loss and insert the new one (O(log n) comparisons) and `copyWithin` shifts the
 * tail — O(n) element moves in the worst case, but a single memmove, which at risk-window sizes
 * (n ≤ 10⁴) costs less than the comparisons a balanced tree would make. No allocation.
 */
export class RollingVar {
  private readonly returns: RingBuffer;
  private readonly sorted: Float64Array;
  private readonly moments: RollingMoments;
  private readonly confidence: number;
  private readonly z: number;
  /** 0-based index of L₍ₖ₎ in `sorted`. */
  private readonly varIndex: number;

  /**
   * @param n window length in returns (integer ≥ 2).
   * @param confidence c ∈ (0, 1), e.g. 0.99.
   */
  constructor(n: number, confidence = 0.99) {
    requireInt('n', n, 2);
    this.confidence = requireOpenUnit('confidence', confidence);
    this.returns = new RingBuffer(n);
    this.sorted = new Float64Array(n);
    this.moments = new RollingMoments(n);
    this.z = normalInv(confidence);
    // n·c is inexact in binary (100 · 0.99 = 98.99999999999999?): forgive a few ulps so that
    // an integer n·c is not rounded up one order statistic too far.
    const k = Math.ceil(n * confidence - 1e-9);
    this.varIndex = Math.min(n, Math.max(1, k)) - 1;
  }

  /** Adds one return (finite, as a fraction: −0.02 is a 2 % loss). */
  update(returnValue: number): void {
    requireFinite('returnValue', returnValue);
    // 0 − r rather than −r: a zero return is a loss of +0, never −0.
    const loss = 0 - returnValue;
    // `sorted` holds exactly the losses of the ring before the push.
    const held = this.returns.size;
    const wasFull = this.returns.full;
    const old = this.returns.push(returnValue);
    if (wasFull) this.removeSorted(0 - old, held);
    this.insertSorted(loss, wasFull ? held - 1 : held);
    this.moments.push(returnValue);
  }

  /** Historical VaR, as a positive loss fraction; NaN until the window is full. */
  historicalVar(): number {
    if (!this.returns.full) return Number.NaN;
    return this.sorted[this.varIndex] ?? Number.NaN;
  }

  /** Historical ES (mean of the losses at or beyond the VaR order statistic); NaN until full. */
  historicalEs(): number {
    if (!this.returns.full) return Number.NaN;
    const n = this.sorted.length;
    let sum = 0;
    for (let i = this.varIndex; i < n; i++) sum += this.sorted[i] ?? 0;
    return sum / (n - this.varIndex);
  }

  /** Gaussian VaR σ z − μ, as a loss fraction; NaN until full. */
  parametricVar(): number {
    if (!this.returns.full) return Number.NaN;
    return this.sampleStd() * this.z - this.moments.mean();
  }

  /** Gaussian ES σ φ(z) / (1 − c) − μ, as a loss fraction; NaN until full. */
  parametricEs(): number {
    if (!this.returns.full) return Number.NaN;
    return (this.sampleStd() * normalPdf(this.z)) / (1 - this.confidence) - this.moments.mean();
  }

  /** Returns in the window. */
  get size(): number {
    return this.returns.size;
  }

  private sampleStd(): number {
    const n = this.moments.size;
    return Math.sqrt((this.moments.variance() * n) / (n - 1));
  }

  /** Removes one occurrence of `v` from sorted[0, count). */
  private removeSorted(v: number, count: number): void {
    const s = this.sorted;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s[mid] ?? 0) < v) lo = mid + 1;
      else hi = mid;
    }
    s.copyWithin(lo, lo + 1, count);
  }

  /** Inserts `v` into sorted[0, count) (count < capacity). */
  private insertSorted(v: number, count: number): void {
    const s = this.sorted;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((s[mid] ?? 0) <= v) lo = mid + 1;
      else hi = mid;
    }
    s.copyWithin(lo + 1, lo, count);
    s[lo] = v;
  }
}
