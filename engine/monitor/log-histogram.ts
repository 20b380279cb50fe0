/**
 * A fixed log-scale histogram for streaming quantiles (latencies) with no allocation per
 * sample: bucket b holds values in [min·2^(b/k), min·2^((b+1)/k)), with k buckets per octave.
 * With k = 8 a quantile is known within ±4.5 % (half a bucket's width, relative). Values below
 * `min` land in bucket 0, above the range in the last bucket; exact min, max and mean are kept.
 */
export class LogHistogram {
  private readonly counts: Float64Array;
  private readonly perOctave: number;
  private readonly minValue: number;
  private n = 0;
  private sum = 0;
  private lo = Infinity;
  private hi = -Infinity;

  /**
   * @param minValue smallest resolved value (> 0), in the caller's unit (µs for latencies)
   * @param octaves number of doublings covered above `minValue`
   * @param perOctave buckets per doubling
   */
  constructor(minValue = 0.01, octaves = 40, perOctave = 8) {
    this.minValue = minValue;
    this.perOctave = perOctave;
    this.counts = new Float64Array(octaves * perOctave);
  }

  get count(): number {
    return this.n;
  }

  get mean(): number {
    return this.n > 0 ? this.sum / this.n : NaN;
  }

  get min(): number {
    return this.n > 0 ? this.lo : NaN;
  }

  get max(): number {
    return this.n > 0 ? this.hi : NaN;
  }

  record(value: number): void {
    if (!(value >= 0)) return; // NaN or negative: a clock glitch, not a latency
    this.n++;
    this.sum += value;
    if (value < this.lo) this.lo = value;
    if (value > this.hi) this.hi = value;
    const last = this.counts.length - 1;
    let b = value <= this.minValue ? 0 : Math.floor(Math.log2(value / this.minValue) * this.perOctave);
    if (b > last) b = last;
    this.counts[b] = (this.counts[b] as number) + 1;
  }

  /**
   * The q-quantile (0 ≤ q ≤ 1): the geometric middle of the bucket holding the rank ⌈q·n⌉
   * sample, clamped to the exact min and max. NaN when empty.
   */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (let b = 0; b < this.counts.length; b++) {
      seen += this.counts[b] as number;
      if (seen >= rank) {
        const mid = this.minValue * 2 ** ((b + 0.5) / this.perOctave);
        return Math.min(this.hi, Math.max(this.lo, mid));
      }
    }
    return this.hi;
  }

  reset(): void {
    this.counts.fill(0);
    this.n = 0;
    this.sum = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
  }
}
