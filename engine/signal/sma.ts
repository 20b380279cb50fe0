import { compensatedAdd } from './compensated-sum';
import { requireFinite, requireInt } from './validate';

/**
 * Simple moving average of the last `n` values.
 *
 * O(1) per update: a ring buffer gives the value leaving the window and a compensated running
 * sum is adjusted by (new − old). The sum is rebuilt from the window every `n` updates
 * (O(n) / n = O(1) amortized) so that add/subtract rounding cannot accumulate over a long replay.
 */
export class Sma {
  /** The window, a ring: `count` values from `head` (oldest first). */
  private readonly buf: Float64Array;
  private head = 0;
  private count = 0;
  private sinceRebuild = 0;
  /** Running sum and its Neumaier compensation (see `compensatedAdd`). */
  private readonly st = new Float64Array(2);

  /** @param n window length in values (integer ≥ 1). */
  constructor(n: number) {
    this.buf = new Float64Array(requireInt('n', n, 1));
  }

  /**
   * Adds `x` (finite, any unit) and returns the mean of the last `n` values, in the unit of `x`;
   * NaN until `n` values have been seen.
   */
  update(x: number): number {
    return this.push(x) ? this.latest() : Number.NaN;
  }

  /**
   * The state half of {@link Sma.update}: adds `x` (finite) and returns whether the mean is
   * defined now (a number: what `update` returns is not NaN). The kernel asks {@link Sma.latest} only for the values someone listens to.
   */
  push(x: number): boolean {
    // One test for the common case; the call only to throw its error.
    if (x - x !== 0) requireFinite('x', x);
    const buf = this.buf;
    const st = this.st;
    const n = buf.length;
    if (this.count === n) {
      const h = this.head;
      const old = buf[h] as number;
      buf[h] = x;
      this.head = h + 1 === n ? 0 : h + 1;
      compensatedAdd(st, 0, x);
      compensatedAdd(st, 0, -old);
    } else {
      let at = this.head + this.count;
      if (at >= n) at -= n;
      buf[at] = x;
      this.count++;
      compensatedAdd(st, 0, x);
    }
    if (++this.sinceRebuild >= n) this.rebuild();
    if (this.count !== n) return false;
    // A number unless the sum overflowed both ways (∞ − ∞): then the mean is NaN, no value.
    const sum = (st[0] as number) + (st[1] as number);
    return sum === sum;
  }

  /** The mean of the window as it is: NaN until it holds `n` values. */
  latest(): number {
    const n = this.buf.length;
    return this.count === n ? ((this.st[0] as number) + (this.st[1] as number)) / n : Number.NaN;
  }

  /** Forgets every value seen. */
  reset(): void {
    this.head = 0;
    this.count = 0;
    this.st.fill(0);
    this.sinceRebuild = 0;
  }

  /** Recomputes the sum from the window, oldest first. */
  private rebuild(): void {
    this.sinceRebuild = 0;
    const st = this.st;
    st.fill(0);
    const buf = this.buf;
    const n = buf.length;
    let j = this.head;
    for (let i = 0; i < this.count; i++) {
      compensatedAdd(st, 0, buf[j] as number);
      j = j + 1 === n ? 0 : j + 1;
    }
  }
}
