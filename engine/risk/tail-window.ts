/**
 * A sliding window of the last `n` values that keeps its largest ones in ascending order: the
 * order statistics a historical VaR/ES needs (the k-th smallest of n is the (n − k + 1)-th
 * largest), without sorting the whole window.
 *
 * `top` holds the L largest values of the window, sorted ascending (with the window slot of
 * each), where m ≤ L ≤ M = m + reserve: the m asked for plus a reserve. Every other value of
 * the window ("the rest") is only flagged out of `top`; nothing orders it. A push costs one
 * comparison with the smallest of `top` — the value enters `top` (a shift in a small sorted
 * array) only when it is larger, about M/n of the time on random data. An eviction from `top`
 * shrinks it; once fewer than m remain while the rest is not empty, `top` is rebuilt by one scan
 * of the window, O(n + M log n) expected. On random data L wanders like a random walk between m
 * and M, so a rebuild comes every ~reserve² · n / (2M) pushes; on adversarial data (losses
 * decreasing for a whole window) every reserve + 1 pushes: O(n / reserve) per push at worst.
 *
 * Invariant: every value of the rest is ≤ every value in `top`, and L ≥ min(m, size) after a
 * push. Equal values are interchangeable (same bits), so ties need no ordering; a rebuild keeps
 * the newest of equal values, so a flat series rebuilds once per window length, not per push.
 * Values must not be NaN (callers validate); −0 and +0 compare equal and are not distinguished.
 */
export class TailWindow {
  private readonly n: number;
  private readonly m: number;
  /** Capacity of `top`: m plus the reserve. */
  private readonly cap: number;
  /** Value and top-membership of each window slot (slot = sequence mod n). */
  private readonly values: Float64Array;
  private readonly inTop: Uint8Array;
  private readonly topV: Float64Array;
  /**
   * Window slot of each `top` entry. A slot identifies a value of the window as well as its
   * sequence number would (the window's n values sit in n distinct slots), and needs no
   * `sequence % n` — a floating-point remainder, a call in V8 — to find its membership flag.
   */
  private readonly topSlot: Int32Array;
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
    this.topSlot = new Int32Array(this.cap);
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
      if (this.inTop[slot] === 1) this.removeFromTop(slot);
      else this.restCount--;
    }
    this.values[slot] = x;
    this.seq = t + 1;
    this.slot = slot + 1 === this.n ? 0 : slot + 1;
    const len = this.topLen;
    // x joins `top` when it is larger than its smallest, or when nothing is outside `top` and
    // there is room (then it may join although it is its smallest).
    if ((len > 0 && x > (this.topV[0] as number)) || (this.restCount === 0 && len < this.cap)) {
      this.enterTop(slot);
    } else {
      this.inTop[slot] = 0;
      this.restCount++;
    }
    if (this.topLen < this.m && this.restCount > 0) this.rebuild();
  }

  /**
   * The value just pushed into window slot `slot` joins `top`: it replaces the smallest when
   * `top` is full (x is then larger than it), else it is inserted. The rare path of `push`,
   * out of line; the value is read from its slot rather than passed (a double argument of a
   * call that is not inlined is boxed).
   */
  private enterTop(slot: number): void {
    const x = this.values[slot] as number;
    if (this.topLen === this.cap) this.replaceSmallest(x, slot);
    else this.insertTop(x, slot);
  }

  /** Inserts x (window slot `slot`) into `top`, which has room. */
  private insertTop(x: number, slot: number): void {
    const v = this.topV;
    const q = this.topSlot;
    let j = this.topLen;
    while (j > 0 && (v[j - 1] as number) > x) {
      v[j] = v[j - 1] as number;
      q[j] = q[j - 1] as number;
      j--;
    }
    v[j] = x;
    q[j] = slot;
    this.topLen++;
    this.topMean = Number.NaN;
    this.inTop[slot] = 1;
  }

  /** x (window slot `slot`) enters the full `top`; its smallest goes to the rest. */
  private replaceSmallest(x: number, slot: number): void {
    const v = this.topV;
    const q = this.topSlot;
    this.inTop[q[0] as number] = 0;
    const len = this.topLen;
    let j = 0;
    while (j + 1 < len && (v[j + 1] as number) <= x) {
      v[j] = v[j + 1] as number;
      q[j] = q[j + 1] as number;
      j++;
    }
    v[j] = x;
    q[j] = slot;
    this.topMean = Number.NaN;
    this.inTop[slot] = 1;
    this.restCount++;
  }

  /** Removes the entry of window slot `slot` from `top` (before the slot is overwritten). */
  private removeFromTop(slot: number): void {
    const x = this.values[slot] as number;
    const v = this.topV;
    const q = this.topSlot;
    const len = this.topLen;
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((v[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    while (lo < len && (q[lo] as number) !== slot) lo++;
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
    const q = this.topSlot;
    const inTop = this.inTop;
    const n = this.n;
    for (let i = 0; i < this.topLen; i++) inTop[q[i] as number] = 0;
    const values = this.values;
    const cap = this.cap;
    const size = this.size;
    let len = 0;
    // The newest value is in the slot before the next one.
    let slot = this.slot === 0 ? n - 1 : this.slot - 1;
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
        q[j] = slot;
      }
      slot = slot === 0 ? n - 1 : slot - 1;
    }
    for (let i = 0; i < len; i++) inTop[q[i] as number] = 1;
    this.topLen = len;
    this.restCount = size - len;
    this.topMean = Number.NaN;
  }
}
