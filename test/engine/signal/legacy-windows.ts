// The rolling windows as they were before their hot paths were rewritten (commit c7f8c9f),
// kept verbatim as references: the rewrites must give the same bits.
import { invalidArgument } from '../../../engine/core/errors';
import {
  requireFinite,
  requireInt,
  requireNonNegative,
  requirePositive,
} from '../../../engine/signal/validate';

const INITIAL_CAPACITY = 64;
/** Relative size under which a variance is rounding noise (about 2^-40). */
const NOISE_REL = 1e-12;

/** RollingVwap before the state array and `pushAt` (commit c7f8c9f), verbatim. */
export class LegacyRollingVwap {
  private readonly windowUs: number;
  /** The window, a ring of `cap` (time µs, price·size, size) triples: `count` from `head`. */
  private ring = new Float64Array(3 * INITIAL_CAPACITY);
  private cap = INITIAL_CAPACITY;
  private head = 0;
  private count = 0;
  /** Σ price·size and its compensation. */
  private pvSum = 0;
  private pvComp = 0;
  /** Σ size and its compensation. */
  private vSum = 0;
  private vComp = 0;
  private sinceRebuild = 0;
  private lastTsUs = -Infinity;

  /** @param windowUs window length, µs (> 0). */
  constructor(windowUs: number) {
    this.windowUs = requirePositive('windowUs', windowUs);
  }

  /** Trades currently in the window. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds a trade and returns the window VWAP in the unit of `price`; NaN when the window's
   * volume is 0.
   * @param tsUs trade time, µs since the epoch (non-decreasing across calls).
   * @param price trade price (finite).
   * @param size trade size, base units (finite, ≥ 0).
   */
  update(tsUs: number, price: number, size: number): number {
    // One test for the common case; the checks that throw the precise error only if it fails.
    if (!(
      tsUs - tsUs === 0 &&
      price - price === 0 &&
      size >= 0 &&
      size < Infinity &&
      tsUs >= this.lastTsUs
    )) {
      this.reject(tsUs, price, size);
    }
    this.lastTsUs = tsUs;
    if (this.count > 0 && (this.ring[3 * this.head] as number) <= tsUs - this.windowUs) this.evictExpired();
    if (this.count === this.cap) this.grow();
    const cap = this.cap;
    let at = this.head + this.count;
    if (at >= cap) at -= cap;
    const p = price * size;
    const ring = this.ring;
    ring[3 * at] = tsUs;
    ring[3 * at + 1] = p;
    ring[3 * at + 2] = size;
    this.count++;
    this.addPv(p);
    this.addV(size);
    if (++this.sinceRebuild >= this.count) this.rebuild();
    const v = this.vSum + this.vComp;
    return v > 0 ? (this.pvSum + this.pvComp) / v : Number.NaN;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.resetSums();
    this.sinceRebuild = 0;
    this.lastTsUs = -Infinity;
  }

  private addPv(x: number): void {
    const sum = this.pvSum;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) this.pvComp += sum - t + x;
    else this.pvComp += x - t + sum;
    this.pvSum = t;
  }

  private addV(x: number): void {
    const sum = this.vSum;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) this.vComp += sum - t + x;
    else this.vComp += x - t + sum;
    this.vSum = t;
  }

  private resetSums(): void {
    this.pvSum = 0;
    this.pvComp = 0;
    this.vSum = 0;
    this.vComp = 0;
  }

  /** Throws the error of the first invalid argument of `update`. */
  private reject(tsUs: number, price: number, size: number): void {
    requireFinite('tsUs', tsUs);
    requireFinite('price', price);
    requireNonNegative('size', size);
    invalidArgument('tsUs', tsUs, `>= the previous ${this.lastTsUs}`);
  }

  /**
   * Drops the trades that left the window, ts ≤ last time − window (it is open on the left).
   * No number argument on purpose: this call is often not inlined, and a double passed to a
   * call is boxed in a fresh heap number.
   */
  private evictExpired(): void {
    const cutoffUs = this.lastTsUs - this.windowUs;
    const cap = this.cap;
    const ring = this.ring;
    while (this.count > 0 && (ring[3 * this.head] as number) <= cutoffUs) {
      this.addPv(-(ring[3 * this.head + 1] as number));
      this.addV(-(ring[3 * this.head + 2] as number));
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.count--;
    }
    if (this.count === 0) {
      // An empty window has sums of exactly 0: drop any rounding residue.
      this.head = 0;
      this.resetSums();
      this.sinceRebuild = 0;
    }
  }

  private grow(): void {
    const cap = this.cap;
    const ring = new Float64Array(6 * cap);
    // The ring is full: [head, cap) then [0, head), oldest first.
    const h = this.head;
    ring.set(this.ring.subarray(3 * h));
    ring.set(this.ring.subarray(0, 3 * h), 3 * (cap - h));
    this.ring = ring;
    this.cap = 2 * cap;
    this.head = 0;
  }

  private rebuild(): void {
    this.sinceRebuild = 0;
    this.resetSums();
    const cap = this.cap;
    const ring = this.ring;
    let j = this.head;
    for (let i = 0; i < this.count; i++) {
      this.addPv(ring[3 * j + 1] as number);
      this.addV(ring[3 * j + 2] as number);
      j = j + 1 === cap ? 0 : j + 1;
    }
  }
}

/** RollingMoments before the state array (commit c7f8c9f), verbatim. */
export class LegacyRollingMoments {
  /** The window, a ring: `count` values from `head` (oldest first). */
  private readonly buf: Float64Array;
  private head = 0;
  private count = 0;
  /** Σd and Σd² (d = x − shift) with their Neumaier compensations (`CompensatedSum` inlined). */
  private s1 = 0;
  private c1 = 0;
  private s2 = 0;
  private c2 = 0;
  private shift = Number.NaN;
  private sinceRebuild = 0;
  private runValue = Number.NaN;
  private runLength = 0;

  /** @param n window length (integer ≥ 1). */
  constructor(n: number) {
    this.buf = new Float64Array(requireInt('capacity', n, 1));
  }

  get capacity(): number {
    return this.buf.length;
  }

  /** Number of values in the window. */
  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.buf.length;
  }

  /** Pushes `x` (finite; not checked here, callers validate), evicting the oldest when full. */
  push(x: number): void {
    if (Number.isNaN(this.shift)) this.shift = x;
    const buf = this.buf;
    const cap = buf.length;
    const wasFull = this.count === cap;
    let old = Number.NaN;
    if (wasFull) {
      const h = this.head;
      old = buf[h] as number;
      buf[h] = x;
      this.head = h + 1 === cap ? 0 : h + 1;
    } else {
      let at = this.head + this.count;
      if (at >= cap) at -= cap;
      buf[at] = x;
      this.count++;
    }
    const d = x - this.shift;
    this.add1(d);
    this.add2(d * d);
    if (wasFull) {
      const od = old - this.shift;
      this.add1(-od);
      this.add2(-od * od);
    }
    if (x === this.runValue) this.runLength++;
    else {
      this.runValue = x;
      this.runLength = 1;
    }
    if (++this.sinceRebuild >= cap) this.rebuild();
  }

  /** Mean of the window; NaN when empty. */
  mean(): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return this.runValue;
    return this.shift + (this.s1 + this.c1) / c;
  }

  /** Population variance (divide by the count) of the window; NaN when empty, ≥ 0 otherwise. */
  variance(): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return 0;
    const m = (this.s1 + this.c1) / c;
    const meanSq = (this.s2 + this.c2) / c;
    const v = meanSq - m * m;
    // Below the rounding noise of Σd²/n the variance is indistinguishable from 0.
    return v > NOISE_REL * meanSq ? v : 0;
  }

  /**
   * z-score of `x` against the window: (x − mean) / std, 0 when the std is 0; NaN when empty.
   * The arithmetic of `mean` and `std`, done once.
   */
  zOf(x: number): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return 0;
    const m = (this.s1 + this.c1) / c;
    const meanSq = (this.s2 + this.c2) / c;
    const v = meanSq - m * m;
    const sd = Math.sqrt(v > NOISE_REL * meanSq ? v : 0);
    return sd === 0 ? 0 : (x - (this.shift + m)) / sd;
  }

  /** Population standard deviation; NaN when empty. */
  std(): number {
    return Math.sqrt(this.variance());
  }

  /** The `i`-th value of the window, oldest first (NaN out of range). */
  get(i: number): number {
    if (i < 0 || i >= this.count) return Number.NaN;
    return this.buf[(this.head + i) % this.buf.length] ?? Number.NaN;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.resetSums();
    this.shift = Number.NaN;
    this.sinceRebuild = 0;
    this.runValue = Number.NaN;
    this.runLength = 0;
  }

  /**
   * Σd: d = x − shift has either sign and the sum hovers near 0, so Neumaier's branch on the
   * larger magnitude would be a coin flip. Knuth's branch-free TwoSum yields the same exact
   * rounding error (it is unique), hence the same bits.
   */
  private add1(x: number): void {
    const sum = this.s1;
    const t = sum + x;
    const xPart = t - sum;
    this.c1 += sum - (t - xPart) + (x - xPart);
    this.s1 = t;
  }

  private add2(x: number): void {
    const sum = this.s2;
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) this.c2 += sum - t + x;
    else this.c2 += x - t + sum;
    this.s2 = t;
  }

  private resetSums(): void {
    this.s1 = 0;
    this.c1 = 0;
    this.s2 = 0;
    this.c2 = 0;
  }

  private rebuild(): void {
    this.sinceRebuild = 0;
    const c = this.count;
    // Re-centre on the current mean so that d stays small relative to x.
    this.shift = this.shift + (this.s1 + this.c1) / c;
    this.resetSums();
    const buf = this.buf;
    const cap = buf.length;
    const shift = this.shift;
    let j = this.head;
    for (let i = 0; i < c; i++) {
      const d = (buf[j] as number) - shift;
      this.add1(d);
      this.add2(d * d);
      j = j + 1 === cap ? 0 : j + 1;
    }
  }
}

/** RollingZScore before it read the latest value from the window (commit c7f8c9f), verbatim. */
export class LegacyRollingZScore {
  private readonly moments: LegacyRollingMoments;
  /** The latest value pushed (NaN before the first). */
  private latest = Number.NaN;

  /** @param n window length in values (integer ≥ 2 — one value has no dispersion). */
  constructor(n: number) {
    this.moments = new LegacyRollingMoments(requireInt('n', n, 2));
  }

  /** Adds `x` (finite) and returns its z-score (dimensionless). */
  update(x: number): number {
    return this.push(x) ? this.moments.zOf(x) : Number.NaN;
  }

  /**
   * The window half of `update`: adds `x` (finite) and returns whether its
   * z-score is defined (`latestZ`; false until `n` values have been seen).
   * A caller that needs only some of the z-scores skips the square root and divisions of the
   * others.
   */
  push(x: number): boolean {
    requireFinite('x', x);
    const m = this.moments;
    m.push(x);
    this.latest = x;
    return m.full;
  }

  /** z-score of the latest value, as `update` returned it; NaN until `n` values were seen. */
  latestZ(): number {
    const m = this.moments;
    return m.full ? m.zOf(this.latest) : Number.NaN;
  }

  /** Mean of the window (unit of x), NaN when empty. */
  mean(): number {
    return this.moments.mean();
  }

  /** Population standard deviation of the window (unit of x), NaN when empty. */
  std(): number {
    return this.moments.std();
  }

  reset(): void {
    this.moments.reset();
    this.latest = Number.NaN;
  }
}
