import { neumaierError } from './compensated-sum';
import { requireInt } from './validate';

/** Relative size under which a variance is rounding noise (about 2^-40). */
const NOISE_REL = 1e-12;

/**
 * Mean and population variance of the last `n` values, O(1) amortized per push, no allocation.
 *
 * Why not plain Σx and Σx²: for prices (x ≈ 60 000, σ ≈ 1) the difference Σx²/n − mean² loses
 * every significant digit. The sums are instead kept of `d = x − K` for a shift `K` that is
 * re-centred on the window mean, and the sums are rebuilt exactly from the window every `n`
 * pushes (O(n) every n pushes = O(1) amortized), so neither cancellation nor the drift of
 * add/subtract updates can grow without bound.
 *
 * A window whose values are all identical has variance exactly 0 (tracked by the length of the
 * run of equal trailing values), not a rounding residue such as 1e-22: callers divide by the
 * standard deviation and must see the zero.
 */
export class RollingMoments {
  /** The window, a ring: `count` values from `head` (oldest first). */
  private readonly buf: Float64Array;
  private head = 0;
  private count = 0;
  private sinceRebuild = 0;
  private runLength = 0;
  /**
   * The doubles of the state, in one typed array (a double field of an object is a pointer to a
   * boxed number in V8: two dependent loads per read; an element is one): 0 Σd, 1 its
   * compensation, 2 Σd², 3 its compensation (d = x − shift), 4 the shift, 5 the value of the
   * trailing run of equal values. Offsets are literals in the hot path.
   */
  private readonly st = new Float64Array(6);

  /** @param n window length (integer ≥ 1). */
  constructor(n: number) {
    this.buf = new Float64Array(requireInt('capacity', n, 1));
    this.st[4] = Number.NaN;
    this.st[5] = Number.NaN;
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
    const st = this.st;
    let shift = st[4] as number;
    if (shift !== shift) st[4] = shift = x;
    const buf = this.buf;
    const cap = buf.length;
    const h = this.head;
    const d = x - shift;
    let s1 = st[0] as number;
    let s2 = st[2] as number;
    let t = s1 + d;
    let c1 = (st[1] as number) + twoSumError(s1, d, t);
    s1 = t;
    const dd = d * d;
    t = s2 + dd;
    let c2 = (st[3] as number) + neumaierError(s2, dd, t);
    s2 = t;
    if (this.count === cap) {
      const od = (buf[h] as number) - shift;
      buf[h] = x;
      this.head = h + 1 === cap ? 0 : h + 1;
      const e = -od;
      t = s1 + e;
      c1 += twoSumError(s1, e, t);
      s1 = t;
      const ee = -od * od;
      t = s2 + ee;
      c2 += neumaierError(s2, ee, t);
      s2 = t;
    } else {
      let at = h + this.count;
      if (at >= cap) at -= cap;
      buf[at] = x;
      this.count++;
    }
    st[0] = s1;
    st[1] = c1;
    st[2] = s2;
    st[3] = c2;
    if (x === st[5]) this.runLength++;
    else {
      st[5] = x;
      this.runLength = 1;
    }
    if (++this.sinceRebuild >= cap) this.rebuild();
  }

  /** Mean of the window; NaN when empty. */
  mean(): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    const st = this.st;
    if (this.runLength >= c) return st[5] as number;
    return (st[4] as number) + ((st[0] as number) + (st[1] as number)) / c;
  }

  /** Population variance (divide by the count) of the window; NaN when empty, ≥ 0 otherwise. */
  variance(): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return 0;
    const st = this.st;
    const m = ((st[0] as number) + (st[1] as number)) / c;
    const meanSq = ((st[2] as number) + (st[3] as number)) / c;
    const v = meanSq - m * m;
    // Below the rounding noise of Σd²/n the variance is indistinguishable from 0.
    return v > NOISE_REL * meanSq ? v : 0;
  }

  /**
   * z-score of `x` against the window: (x − mean) / std, 0 when the std is 0; NaN when empty.
   * The arithmetic of {@link RollingMoments.mean} and {@link RollingMoments.std}, done once.
   */
  zOf(x: number): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    if (this.runLength >= c) return 0;
    const st = this.st;
    const m = ((st[0] as number) + (st[1] as number)) / c;
    const meanSq = ((st[2] as number) + (st[3] as number)) / c;
    const v = meanSq - m * m;
    const sd = Math.sqrt(v > NOISE_REL * meanSq ? v : 0);
    return sd === 0 ? 0 : (x - ((st[4] as number) + m)) / sd;
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

  /** The value pushed last (NaN when empty). */
  newest(): number {
    const c = this.count;
    if (c === 0) return Number.NaN;
    const cap = this.buf.length;
    const at = this.head + c - 1;
    return this.buf[at >= cap ? at - cap : at] as number;
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.sinceRebuild = 0;
    this.runLength = 0;
    this.st.fill(0, 0, 4);
    this.st[4] = Number.NaN;
    this.st[5] = Number.NaN;
  }

  /** Re-centres the shift on the window mean and recomputes the sums exactly from the window. */
  private rebuild(): void {
    this.sinceRebuild = 0;
    const c = this.count;
    const st = this.st;
    // Re-centre on the current mean so that d stays small relative to x.
    const shift = (st[4] as number) + ((st[0] as number) + (st[1] as number)) / c;
    st[4] = shift;
    const buf = this.buf;
    const cap = buf.length;
    let s1 = 0;
    let c1 = 0;
    let s2 = 0;
    let c2 = 0;
    let j = this.head;
    for (let i = 0; i < c; i++) {
      const d = (buf[j] as number) - shift;
      let t = s1 + d;
      c1 += twoSumError(s1, d, t);
      s1 = t;
      const dd = d * d;
      t = s2 + dd;
      c2 += neumaierError(s2, dd, t);
      s2 = t;
      j = j + 1 === cap ? 0 : j + 1;
    }
    st[0] = s1;
    st[1] = c1;
    st[2] = s2;
    st[3] = c2;
  }
}

/*
 * The rounding error of t = fl(a + b), exactly: what a compensated sum adds to its
 * compensation. Two forms with the same result (the error is unique, so the same bits; both
 * are exact barring overflow), small enough that V8 always inlines them:
 * - Σd: d = x − shift has either sign and the sum hovers near 0, so Neumaier's branch on the
 *   larger magnitude would be a coin flip — Knuth's branch-free TwoSum;
 * - Σd² (and d² ≥ 0): the branch is predictable — Neumaier's shorter form
 *   (`neumaierError`, compensated-sum.ts).
 */

/** Knuth's TwoSum error of t = fl(a + b). */
function twoSumError(a: number, b: number, t: number): number {
  const p = t - a;
  return a - (t - p) + (b - p);
}
