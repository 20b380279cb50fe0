/**
 * A sliding window of the last `n` values that keeps its `m` largest in ascending order: the
 * order statistics a historical VaR/ES needs (the k-th smallest of n is the (n − k + 1)-th
 * largest), without sorting the whole window.
 *
 * - `top`: the m largest values of the window, sorted ascending (with the sequence number of
 *   each), shifted in place — m is small for risk confidences (n = 1000 at 99 %: m = 11).
 * - `rest`: every other value of the window in a binary max-heap with lazy deletion: a value
 *   that leaves the window while in the heap is only counted out, and dropped when it reaches
 *   the top of the heap (its sequence number tells it expired). The heap is compacted when it
 *   fills its fixed capacity (4n + 64), so the memory is fixed and the work O(log n) amortized.
 *
 * Invariant: every value in `rest` is ≤ every value in `top`, and `top` holds min(m, size)
 * values. Equal values are interchangeable (same bits), so ties need no ordering.
 * Values must not be NaN (callers validate); −0 and +0 compare equal and are not distinguished.
 */
export class TailWindow {
  private readonly n: number;
  private readonly m: number;
  /** Value and top-membership of each window slot (slot = sequence mod n). */
  private readonly values: Float64Array;
  private readonly inTop: Uint8Array;
  private readonly topV: Float64Array;
  private readonly topSeq: Float64Array;
  private topLen = 0;
  private readonly heapV: Float64Array;
  private readonly heapSeq: Float64Array;
  private heapLen = 0;
  /** Values of the window held in the heap (its other entries have expired). */
  private restCount = 0;
  /** Mean of `top` as last computed; NaN when `top` changed since. */
  private topMean = Number.NaN;
  /** Sequence number of the next value (values pushed so far). */
  private seq = 0;
  private slot = 0;

  /**
   * @param n window length (integer ≥ 1)
   * @param m how many of the largest values to keep in order (1 ≤ m ≤ n)
   */
  constructor(n: number, m: number) {
    this.n = n;
    this.m = m;
    this.values = new Float64Array(n);
    this.inTop = new Uint8Array(n);
    this.topV = new Float64Array(m);
    this.topSeq = new Float64Array(m);
    // Room for 3n expired entries between compactions: each costs O(n), every ≥ 3n pushes.
    this.heapV = new Float64Array(4 * n + 64);
    this.heapSeq = new Float64Array(4 * n + 64);
  }

  /** Values in the window. */
  get size(): number {
    return this.seq < this.n ? this.seq : this.n;
  }

  get full(): boolean {
    return this.seq >= this.n;
  }

  /** The m-th largest value of the window (the smallest kept in order); NaN while fewer than m. */
  smallestOfTop(): number {
    return this.topLen === this.m ? (this.topV[0] as number) : Number.NaN;
  }

  /** Mean of the m largest values, summed in ascending order; NaN while fewer than m. */
  meanOfTop(): number {
    const len = this.topLen;
    if (len !== this.m) return Number.NaN;
    // Cached: `top` changes on a small fraction of pushes (about m/n of them).
    const cached = this.topMean;
    if (cached === cached) return cached;
    const v = this.topV;
    let sum = 0;
    for (let i = 0; i < len; i++) sum += v[i] as number;
    this.topMean = sum / len;
    return this.topMean;
  }

  /** Pushes `x` (not NaN), evicting the oldest value when the window is full. */
  push(x: number): void {
    const t = this.seq;
    const slot = this.slot;
    if (t >= this.n) {
      if (this.inTop[slot] === 1) this.removeFromTop(this.values[slot] as number, t - this.n);
      else this.restCount--;
    }
    this.values[slot] = x;
    this.inTop[slot] = 0;
    this.seq = t + 1;
    this.slot = slot + 1 === this.n ? 0 : slot + 1;
    if (this.topLen < this.m) {
      this.heapPush(x, t);
      this.refill();
    } else if (x > (this.topV[0] as number)) {
      this.replaceSmallestOfTop(x, t);
    } else {
      this.heapPush(x, t);
    }
  }

  /** Moves the largest values of the heap to `top` until it holds m (or the heap is empty). */
  private refill(): void {
    const oldest = this.seq - this.n;
    while (this.topLen < this.m && this.restCount > 0) {
      const v = this.heapV[0] as number;
      const s = this.heapSeq[0] as number;
      this.heapPopTop();
      if (s < oldest) continue; // expired: was counted out when it left the window
      this.restCount--;
      this.insertTop(v, s);
    }
  }

  /** `x` (sequence `s`) enters `top`; the smallest of `top` goes to the heap. */
  private replaceSmallestOfTop(x: number, s: number): void {
    const v = this.topV;
    const q = this.topSeq;
    const dropV = v[0] as number;
    const dropS = q[0] as number;
    const len = this.topLen;
    let j = 1;
    while (j < len && (v[j] as number) <= x) {
      v[j - 1] = v[j] as number;
      q[j - 1] = q[j] as number;
      j++;
    }
    v[j - 1] = x;
    q[j - 1] = s;
    this.topMean = Number.NaN;
    this.inTop[this.slotOf(s)] = 1;
    this.inTop[this.slotOf(dropS)] = 0;
    this.heapPush(dropV, dropS);
  }

  private insertTop(x: number, s: number): void {
    const v = this.topV;
    const q = this.topSeq;
    let j = this.topLen;
    while (j > 0 && (v[j - 1] as number) > x) {
      v[j] = v[j - 1] as number;
      q[j] = q[j - 1] as number;
      j--;
    }
    v[j] = x;
    q[j] = s;
    this.topLen++;
    this.topMean = Number.NaN;
    this.inTop[this.slotOf(s)] = 1;
  }

  /** Removes the entry of sequence `s` (value `x`) from `top`. */
  private removeFromTop(x: number, s: number): void {
    const v = this.topV;
    const q = this.topSeq;
    const len = this.topLen;
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((v[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    while (lo < len && (q[lo] as number) !== s) lo++;
    for (let j = lo + 1; j < len; j++) {
      v[j - 1] = v[j] as number;
      q[j - 1] = q[j] as number;
    }
    this.topLen = len - 1;
    this.topMean = Number.NaN;
  }

  private slotOf(s: number): number {
    return s % this.n;
  }

  private heapPush(x: number, s: number): void {
    if (this.heapLen === this.heapV.length) this.compact();
    this.restCount++;
    const hv = this.heapV;
    const hs = this.heapSeq;
    let i = this.heapLen++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pv = hv[p] as number;
      if (pv >= x) break;
      hv[i] = pv;
      hs[i] = hs[p] as number;
      i = p;
    }
    hv[i] = x;
    hs[i] = s;
  }

  /** Removes the heap's top entry. */
  private heapPopTop(): void {
    const len = --this.heapLen;
    if (len === 0) return;
    this.siftDown(0, this.heapV[len] as number, this.heapSeq[len] as number, len);
  }

  /** Places (x, s) at or below index i of a heap of `len` entries. */
  private siftDown(start: number, x: number, s: number, len: number): void {
    const hv = this.heapV;
    const hs = this.heapSeq;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= len) break;
      if (c + 1 < len && (hv[c + 1] as number) > (hv[c] as number)) c++;
      const cv = hv[c] as number;
      if (cv <= x) break;
      hv[i] = cv;
      hs[i] = hs[c] as number;
      i = c;
    }
    hv[i] = x;
    hs[i] = s;
  }

  /** Drops the expired entries of the heap and re-heapifies (O(n), once per ≥ 3n + 64 pushes). */
  private compact(): void {
    const oldest = this.seq - this.n;
    const hv = this.heapV;
    const hs = this.heapSeq;
    let len = 0;
    for (let i = 0; i < this.heapLen; i++) {
      const s = hs[i] as number;
      if (s < oldest) continue;
      hv[len] = hv[i] as number;
      hs[len] = s;
      len++;
    }
    this.heapLen = len;
    for (let i = (len >> 1) - 1; i >= 0; i--) this.siftDown(i, hv[i] as number, hs[i] as number, len);
  }
}
