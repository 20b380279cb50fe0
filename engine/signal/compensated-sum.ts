/**
 * A running sum with Neumaier (improved Kahan) compensation.
 *
 * Rolling windows add the new value and subtract the evicted one forever; with plain `+=` the
 * rounding error grows with the number of updates, so after millions of ticks a flat window
 * would report a tiny non-zero sum. The compensation term keeps the error at the order of one
 * rounding of the true sum. Calculators still rebuild their sums from the window periodically
 * (see `RollingMoments`), which bounds the error absolutely.
 */
export class CompensatedSum {
  private sum = 0;
  private comp = 0;

  /** Adds `x` (subtract by adding `-x`). */
  add(x: number): void {
    const t = this.sum + x;
    this.comp += neumaierError(this.sum, x, t);
    this.sum = t;
  }

  /** The compensated sum. */
  get value(): number {
    return this.sum + this.comp;
  }

  reset(): void {
    this.sum = 0;
    this.comp = 0;
  }
}

/**
 * {@link CompensatedSum.add} on a state array: adds x to the sum at `st[at]`, its compensation
 * at `st[at + 1]` (the value is their sum). For hot loops: a typed-array element is one load, a
 * double field of an object two. Adding ±0 leaves the sum and a compensation that is not −0
 * as they are.
 */
export function compensatedAdd(st: Float64Array, at: number, x: number): void {
  const sum = st[at] as number;
  const t = sum + x;
  st[at + 1] = (st[at + 1] as number) + neumaierError(sum, x, t);
  st[at] = t;
}

/**
 * Neumaier's error of t = fl(a + b), exactly (Fast2Sum with the larger operand first): the lost
 * low-order bits are those of whichever operand is smaller in magnitude. What a compensated sum
 * adds to its compensation.
 */
export function neumaierError(a: number, b: number, t: number): number {
  return Math.abs(a) >= Math.abs(b) ? a - t + b : b - t + a;
}
