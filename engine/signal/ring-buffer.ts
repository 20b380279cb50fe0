import { requireInt } from './validate';

/**
 * A fixed-capacity FIFO of numbers over a preallocated `Float64Array`.
 *
 * Every rolling-window calculator needs "the value that leaves the window"; this gives it in
 * O(1) with no allocation after construction.
 */
export class RingBuffer {
  private readonly buf: Float64Array;
  /** Index of the oldest value. */
  private head = 0;
  private count = 0;

  /** @param capacity maximum number of values held (integer ≥ 1). */
  constructor(capacity: number) {
    this.buf = new Float64Array(requireInt('capacity', capacity, 1));
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** Number of values held. */
  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.buf.length;
  }

  /**
   * Appends `x`. When full, the oldest value is dropped and returned; otherwise returns NaN
   * (callers check `full` before the push when they need to distinguish a stored NaN).
   */
  push(x: number): number {
    const cap = this.buf.length;
    if (this.count < cap) {
      this.buf[(this.head + this.count) % cap] = x;
      this.count++;
      return Number.NaN;
    }
    const evicted = this.buf[this.head] ?? Number.NaN;
    this.buf[this.head] = x;
    this.head = this.head + 1 === cap ? 0 : this.head + 1;
    return evicted;
  }

  /** The `i`-th value, oldest first (0 = oldest); NaN when `i` is out of range. */
  get(i: number): number {
    if (i < 0 || i >= this.count) return Number.NaN;
    return this.buf[(this.head + i) % this.buf.length] ?? Number.NaN;
  }

  /** The newest value, NaN when empty. */
  last(): number {
    return this.get(this.count - 1);
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
