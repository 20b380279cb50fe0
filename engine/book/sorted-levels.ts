/**
 * One side of an L2 book as price levels in sorted typed arrays: the fallback of
 * {@link BookSide} for prices that fit no decimal tick grid of a bounded width.
 *
 * Levels are kept sorted so that the BEST level is at the END of the arrays: bids ascending by
 * price, asks descending. Inserting or removing near the top shifts only a few elements
 * (`copyWithin` from the tail); lookups are binary searches. Nothing is allocated per update
 * except when the capacity doubles. A level's position is its array index (best = `levels − 1`).
 */
export class SortedLevels {
  /** +1 for bids, -1 for asks. */
  readonly sign: 1 | -1;
  private px: Float64Array;
  private sz: Float64Array;
  private n = 0;

  constructor(sign: 1 | -1, initialCapacity = 256) {
    this.sign = sign;
    this.px = new Float64Array(Math.max(1, initialCapacity));
    this.sz = new Float64Array(Math.max(1, initialCapacity));
  }

  /** Number of price levels. */
  get levels(): number {
    return this.n;
  }

  /** Removes every level. */
  clear(): void {
    this.n = 0;
  }

  /** Position of the best level, −1 when the side is empty. */
  bestPos(): number {
    return this.n - 1;
  }

  /** Position of the next worse level after `pos`, −1 after the worst. */
  nextPos(pos: number): number {
    return pos - 1;
  }

  priceAt(pos: number): number {
    return this.px[pos] as number;
  }

  sizeAt(pos: number): number {
    return this.sz[pos] as number;
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
