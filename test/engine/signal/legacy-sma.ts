// The simple moving average as it was before its hot path was rewritten (session 9), kept
// verbatim as the reference: the rewrite must give the same bits.
import { requireFinite, requireInt } from '../../../engine/signal/validate';

/** Sma before its hot path was rewritten (session 9), verbatim. */
export class LegacySma {
  /** The window, a ring: `count` values from `head` (oldest first). */
  private readonly buf: Float64Array;
  private head = 0;
  private count = 0;
  /** Running sum and its Neumaier compensation (`CompensatedSum`, inlined). */
  private sum = 0;
  private comp = 0;
  private sinceRebuild = 0;

  /** @param n window length in values (integer ≥ 1). */
  constructor(n: number) {
    this.buf = new Float64Array(requireInt('n', n, 1));
  }

  /**
   * Adds `x` (finite, any unit) and returns the mean of the last `n` values, in the unit of `x`;
   * NaN until `n` values have been seen.
   */
  update(x: number): number {
    requireFinite('x', x);
    const buf = this.buf;
    const n = buf.length;
    if (this.count === n) {
      const h = this.head;
      const old = buf[h] as number;
      buf[h] = x;
      this.head = h + 1 === n ? 0 : h + 1;
      this.add(x);
      this.add(-old);
    } else {
      let at = this.head + this.count;
      if (at >= n) at -= n;
      buf[at] = x;
      this.count++;
      this.add(x);
    }
    if (++this.sinceRebuild >= n) {
      this.sinceRebuild = 0;
      this.sum = 0;
      this.comp = 0;
      let j = this.head;
      for (let i = 0; i < this.count; i++) {
        this.add(buf[j] as number);
        j = j + 1 === n ? 0 : j + 1;
      }
    }
    return this.count === n ? (this.sum + this.comp) / n : Number.NaN;
  }

  /** Forgets every value seen. */
  reset(): void {
    this.head = 0;
    this.count = 0;
    this.sum = 0;
    this.comp = 0;
    this.sinceRebuild = 0;
  }

  private add(x: number): void {
    const sum = this.sum;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) this.comp += sum - t + x;
    else this.comp += x - t + sum;
    this.sum = t;
  }
}
