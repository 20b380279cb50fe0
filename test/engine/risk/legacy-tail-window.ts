// TailWindow before it kept window slots instead of sequence numbers (commit c7f8c9f),
// kept verbatim as a reference: the rewrite must keep the same values in `top`.

/** TailWindow as of commit c7f8c9f. */
export class LegacyTailWindow {
  private readonly n: number;
  private readonly m: number;
  /** Capacity of `top`: m plus the reserve. */
  private readonly cap: number;
  /** Value and top-membership of each window slot (slot = sequence mod n). */
  private readonly values: Float64Array;
  private readonly inTop: Uint8Array;
  private readonly topV: Float64Array;
  private readonly topSeq: Float64Array;
  private topLen = 0;
  /** Values of the window not in `top`. */
  private restCount = 0;
  /** Mean of the m largest as last computed; NaN when `top` changed since. */
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
    // A reserve of ~√n (at least m) makes rebuilds rare on random data and bounds the worst case.
    this.cap = Math.min(n, m + Math.max(m, Math.ceil(Math.sqrt(n))));
    this.values = new Float64Array(n);
    this.inTop = new Uint8Array(n);
    this.topV = new Float64Array(this.cap);
    this.topSeq = new Float64Array(this.cap);
  }

  /** Values in the window. */
  get size(): number {
    return this.seq < this.n ? this.seq : this.n;
  }

  get full(): boolean {
    return this.seq >= this.n;
  }

  /** The m-th largest value of the window; NaN while fewer than m. */
  smallestOfTop(): number {
    const len = this.topLen;
    return len >= this.m ? (this.topV[len - this.m] as number) : Number.NaN;
  }

  /** Mean of the m largest values, summed in ascending order; NaN while fewer than m. */
  meanOfTop(): number {
    // Cached: `top` changes on a small fraction of pushes (about 2M/n of them).
    const cached = this.topMean;
    if (cached === cached) return cached;
    const len = this.topLen;
    const m = this.m;
    if (len < m) return Number.NaN;
    const v = this.topV;
    let sum = 0;
    for (let i = len - m; i < len; i++) sum += v[i] as number;
    this.topMean = sum / m;
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
    this.seq = t + 1;
    this.slot = slot + 1 === this.n ? 0 : slot + 1;
    const len = this.topLen;
    if (len > 0 && x > (this.topV[0] as number)) {
      if (len === this.cap) this.replaceSmallest(x, t, slot);
      else this.insertTop(x, t, slot);
    } else if (this.restCount === 0 && len < this.cap) {
      // Nothing outside `top`: x may join it although it is its smallest.
      this.insertTop(x, t, slot);
    } else {
      this.inTop[slot] = 0;
      this.restCount++;
    }
    if (this.topLen < this.m && this.restCount > 0) this.rebuild();
  }

  /** Inserts x (sequence s, window slot `slot`) into `top`, which has room. */
  private insertTop(x: number, s: number, slot: number): void {
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
    this.inTop[slot] = 1;
  }

  /** x (sequence s, window slot `slot`) enters the full `top`; its smallest goes to the rest. */
  private replaceSmallest(x: number, s: number, slot: number): void {
    const v = this.topV;
    const q = this.topSeq;
    this.inTop[(q[0] as number) % this.n] = 0;
    const len = this.topLen;
    let j = 0;
    while (j + 1 < len && (v[j + 1] as number) <= x) {
      v[j] = v[j + 1] as number;
      q[j] = q[j + 1] as number;
      j++;
    }
    v[j] = x;
    q[j] = s;
    this.topMean = Number.NaN;
    this.inTop[slot] = 1;
    this.restCount++;
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

  /**
   * Refills `top` with the largest values of the window, scanned newest first so that of equal
   * values the newest (last to leave) are kept.
   */
  private rebuild(): void {
    const v = this.topV;
    const q = this.topSeq;
    const inTop = this.inTop;
    const n = this.n;
    for (let i = 0; i < this.topLen; i++) inTop[(q[i] as number) % n] = 0;
    const values = this.values;
    const cap = this.cap;
    const size = this.size;
    let len = 0;
    let s = this.seq - 1;
    let slot = s % n;
    for (let k = 0; k < size; k++) {
      const x = values[slot] as number;
      if (len < cap || x > (v[0] as number)) {
        // Full: the smallest leaves (the new value is larger); insertion sort into place.
        let j = len;
        if (len === cap) {
          j = 0;
          while (j + 1 < len && (v[j + 1] as number) <= x) {
            v[j] = v[j + 1] as number;
            q[j] = q[j + 1] as number;
            j++;
          }
        } else {
          while (j > 0 && (v[j - 1] as number) > x) {
            v[j] = v[j - 1] as number;
            q[j] = q[j - 1] as number;
            j--;
          }
          len++;
        }
        v[j] = x;
        q[j] = s;
      }
      s--;
      slot = slot === 0 ? n - 1 : slot - 1;
    }
    for (let i = 0; i < len; i++) inTop[(q[i] as number) % n] = 1;
    this.topLen = len;
    this.restCount = size - len;
    this.topMean = Number.NaN;
  }
}
