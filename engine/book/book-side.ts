/**
 * One side of an L2 book: price levels in sorted typed arrays.
 *
 * Levels are kept sorted so that the BEST level is at the END of the arrays: bids ascending by
 * price, asks descending. Most updates touch levels near the top of the book, so inserting or
 * removing there shifts only a few elements (`copyWithin` from the tail). Lookups are binary
 * searches. Nothing is allocated per update except when the capacity doubles.
 */
export class BookSide {
  /** +1 for bids, -1 for asks. */
  readonly sign: 1 | -1;
  private px: Float64Array;
  private sz: Float64Array;
  private n = 0;

  constructor(sign: 1 | -1, initialCapacity = 256) {
    this.sign = sign;
    this.px = new Float64Array(initialCapacity);
    this.sz = new Float64Array(initialCapacity);
  }

  /** Number of price levels. */
  get levels(): number {
    return this.n;
  }

  /** Removes every level. */
  clear(): void {
    this.n = 0;
  }

  /** Price of the k-th best level (0 = best), or NaN when there are not that many levels. */
  price(k: number): number {
    const i = this.n - 1 - k;
    return i >= 0 && k >= 0 ? (this.px[i] as number) : NaN;
  }

  /** Size of the k-th best level (0 = best), or NaN when there are not that many levels. */
  size(k: number): number {
    const i = this.n - 1 - k;
    return i >= 0 && k >= 0 ? (this.sz[i] as number) : NaN;
  }

  /**
   * Sets the size at `price`; size 0 removes the level (removing a missing level is a no-op).
   * Prices are compared exactly: the same decimal text always parses to the same double.
   */
  set(price: number, size: number): void {
    const px = this.px;
    const n = this.n;
    // Storage order is ascending in (sign * price): bids ascending, asks descending by price.
    const key = this.sign * price;
    // Fast path: the update is at or beyond the best level (common at the top of the book).
    let i: number;
    if (n === 0) i = 0;
    else {
      const topKey = this.sign * (px[n - 1] as number);
      if (key > topKey) i = n;
      else if (key === topKey) i = n - 1;
      else i = this.lowerBound(key);
    }
    if (i < n && (px[i] as number) === price) {
      if (size === 0) {
        this.px.copyWithin(i, i + 1, n);
        this.sz.copyWithin(i, i + 1, n);
        this.n = n - 1;
      } else {
        this.sz[i] = size;
      }
      return;
    }
    if (size === 0) return;
    if (n === px.length) this.grow();
    this.px.copyWithin(i + 1, i, n);
    this.sz.copyWithin(i + 1, i, n);
    this.px[i] = price;
    this.sz[i] = size;
    this.n = n + 1;
  }

  /** Total size of the first `k` best levels. */
  sizeTo(k: number): number {
    let total = 0;
    const stop = Math.max(0, this.n - k);
    for (let i = this.n - 1; i >= stop; i--) total += this.sz[i] as number;
    return total;
  }

  /** Feeds the levels best-first to `visit(price, size)`; stops early when it returns false. */
  forEachBestFirst(visit: (price: number, size: number) => boolean): void {
    for (let i = this.n - 1; i >= 0; i--) {
      if (!visit(this.px[i] as number, this.sz[i] as number)) return;
    }
  }

  /** Storage-order views (worst level first), valid until the next mutation. For hashing. */
  rawPrices(): Float64Array {
    return this.px.subarray(0, this.n);
  }

  rawSizes(): Float64Array {
    return this.sz.subarray(0, this.n);
  }

  /** First index whose key is ≥ `key` (keys ascending). */
  private lowerBound(key: number): number {
    const px = this.px;
    const s = this.sign;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s * (px[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(): void {
    const cap = this.px.length * 2;
    const px = new Float64Array(cap);
    const sz = new Float64Array(cap);
    px.set(this.px);
    sz.set(this.sz);
    this.px = px;
    this.sz = sz;
  }
}
