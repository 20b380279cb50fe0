import { requireFinite, requireInt, requireOpenUnit, requirePositive } from './validate';

/** Options of `Adwin` beyond δ. */
export interface AdwinOptions {
  /** Buckets per row of the exponential histogram before two merge (M; default 5, as in MOA). */
  readonly maxBuckets?: number;
  /**
   * Look for a cut every `clock` updates (default 32, as in MOA). A scan costs O(M log W), so
   * checking on every update would make `update` O(log W); checking every 32 makes it O(1)
   * amortized and adds at most `clock − 1` updates to the detection delay.
   */
  readonly clock?: number;
  /** Smallest sub-window on either side of a cut, in values (default 5). */
  readonly minSubWindow?: number;
  /**
   * Range R of the values, in their unit (default 1, the paper's [0, 1] inputs): it scales the
   * bound's second term. Returns of ±1 % with R = 1 would need ~600 values to see a 1 % shift;
   * set R to a plausible bound on |x − mean| (e.g. 0.1 for minute returns) or normalize x.
   */
  readonly range?: number;
}

/** Rows of the histogram: row i holds buckets of 2^i values; 64 rows cover any stream. */
const MAX_ROWS = 64;

/**
 * ADWIN — ADaptive WINdowing (Bifet & Gavaldà 2007, "Learning from time-changing data with
 * adaptive windowing", ADWIN2): keeps a window of recent values that is as long as possible
 * while no two sub-windows W₀ (older) | W₁ (newer) have means that differ by more than
 * ε_cut; when they do, the older part is dropped and a drift is reported.
 *
 * The window is stored as an exponential histogram: row i holds at most M buckets, each the
 * sum and the sum of squared deviations of 2^i consecutive values, so memory is O(M log W) and
 * only bucket boundaries are candidate cuts. ε_cut is the variance-based bound of the paper
 * (section 3, used for real-valued inputs such as returns), see `adwinCutThreshold`.
 * All storage is preallocated; `update` allocates nothing.
 */
export class Adwin {
  private readonly delta: number;
  private readonly m: number;
  private readonly clock: number;
  private readonly minSub: number;
  private readonly range: number;
  /** Bucket sums, row-major: row r, slot j (0 = oldest) at r * (M + 1) + j. */
  private readonly totals: Float64Array;
  /** Bucket sums of squared deviations from the bucket mean, same layout. */
  private readonly m2s: Float64Array;
  private readonly rowCount = new Int32Array(MAX_ROWS);
  /** Highest non-empty row (where the oldest values are); −1 when empty. */
  private lastRow = -1;
  private n = 0;
  private total = 0;
  /** Sum of squared deviations from the window mean. */
  private m2 = 0;
  private tick = 0;
  private detections = 0;

  /**
   * @param delta confidence δ ∈ (0, 1): a false alarm has probability at most about δ per
   *   check on a stationary stream (smaller = fewer false alarms, slower detection).
   */
  constructor(delta = 0.002, options: AdwinOptions = {}) {
    this.delta = requireOpenUnit('delta', delta);
    this.m = requireInt('maxBuckets', options.maxBuckets ?? 5, 2);
    this.clock = requireInt('clock', options.clock ?? 32, 1);
    this.minSub = requireInt('minSubWindow', options.minSubWindow ?? 5, 1);
    this.range = requirePositive('range', options.range ?? 1);
    this.totals = new Float64Array(MAX_ROWS * (this.m + 1));
    this.m2s = new Float64Array(MAX_ROWS * (this.m + 1));
  }

  /** Adds `x` (finite, e.g. a return) and returns true when a drift was detected (the window shrank). */
  update(x: number): boolean {
    requireFinite('x', x);
    this.insert(x);
    if (++this.tick < this.clock) return false;
    this.tick = 0;
    if (this.n < 2 * this.minSub) return false;
    let changed = false;
    while (this.cutOnce()) changed = true;
    if (changed) this.detections++;
    return changed;
  }

  /** Number of values in the adaptive window. */
  get width(): number {
    return this.n;
  }

  /** Mean of the window (unit of x), NaN when empty. */
  get mean(): number {
    return this.n > 0 ? this.total / this.n : Number.NaN;
  }

  /** Population variance of the window, NaN when empty. */
  get variance(): number {
    return this.n > 0 ? this.m2 / this.n : Number.NaN;
  }

  /** Drifts detected so far. */
  get detectionCount(): number {
    return this.detections;
  }

  /** Number of buckets held (memory is proportional to it: O(M log W)). */
  get bucketCount(): number {
    let c = 0;
    for (let r = 0; r <= this.lastRow; r++) c += this.rowCount[r] ?? 0;
    return c;
  }

  reset(): void {
    this.rowCount.fill(0);
    this.lastRow = -1;
    this.n = 0;
    this.total = 0;
    this.m2 = 0;
    this.tick = 0;
  }

  private insert(x: number): void {
    // Welford-style merge of one value into the window's running M2.
    if (this.n > 0) {
      const d = x - this.total / this.n;
      this.m2 += (this.n * d * d) / (this.n + 1);
    }
    this.n++;
    this.total += x;
    this.append(0, x, 0);
    // Cascade: a row with M + 1 buckets merges its two oldest into one bucket of the next row.
    for (let r = 0; r < MAX_ROWS - 1 && (this.rowCount[r] ?? 0) > this.m; r++) {
      const base = r * (this.m + 1);
      const t1 = this.totals[base] ?? 0;
      const t2 = this.totals[base + 1] ?? 0;
      const size = 2 ** r;
      const du = (t1 - t2) / size;
      const merged = (this.m2s[base] ?? 0) + (this.m2s[base + 1] ?? 0) + (size * du * du) / 2;
      this.dropOldest(r, 2);
      this.append(r + 1, t1 + t2, merged);
    }
  }

  private append(row: number, total: number, m2: number): void {
    const at = row * (this.m + 1) + (this.rowCount[row] ?? 0);
    this.totals[at] = total;
    this.m2s[at] = m2;
    this.rowCount[row] = (this.rowCount[row] ?? 0) + 1;
    if (row > this.lastRow) this.lastRow = row;
  }

  /** Removes the `k` oldest buckets of `row` (shifting at most M slots: O(1)). */
  private dropOldest(row: number, k: number): void {
    const base = row * (this.m + 1);
    const count = this.rowCount[row] ?? 0;
    this.totals.copyWithin(base, base + k, base + count);
    this.m2s.copyWithin(base, base + k, base + count);
    this.rowCount[row] = count - k;
    while (this.lastRow >= 0 && (this.rowCount[this.lastRow] ?? 0) === 0) this.lastRow--;
  }

  /** Drops the oldest bucket from the window, updating the window's sums. */
  private deleteOldestBucket(): void {
    const row = this.lastRow;
    const base = row * (this.m + 1);
    const size = 2 ** row;
    const t = this.totals[base] ?? 0;
    const bucketM2 = this.m2s[base] ?? 0;
    this.dropOldest(row, 1);
    this.n -= size;
    this.total -= t;
    if (this.n <= 0) {
      this.n = 0;
      this.total = 0;
      this.m2 = 0;
      return;
    }
    // Inverse of the parallel-variance merge: M2_W = M2_rest + M2_b + n_b n_rest Δμ² / (n_b + n_rest).
    const d = t / size - this.total / this.n;
    this.m2 = Math.max(0, this.m2 - bucketM2 - (size * this.n * d * d) / (size + this.n));
  }

  /** Scans the bucket boundaries, oldest first; drops the oldest bucket at the first cut found. */
  private cutOnce(): boolean {
    const variance = this.m2 / this.n;
    let n0 = 0;
    let s0 = 0;
    for (let r = this.lastRow; r >= 0; r--) {
      const size = 2 ** r;
      const base = r * (this.m + 1);
      const count = this.rowCount[r] ?? 0;
      for (let j = 0; j < count; j++) {
        n0 += size;
        s0 += this.totals[base + j] ?? 0;
        const n1 = this.n - n0;
        if (n1 < this.minSub) return false;
        if (n0 < this.minSub) continue;
        const diff = Math.abs(s0 / n0 - (this.total - s0) / n1);
        if (diff > adwinCutThreshold(n0, n1, variance, this.n, this.delta, this.range)) {
          this.deleteOldestBucket();
          return this.n >= 2 * this.minSub;
        }
      }
    }
    return false;
  }
}

/**
 * ADWIN's variance-based cut threshold (Bifet & Gavaldà 2007, §3):
 * ε_cut = √((2/m) σ²_W ln(2/δ′)) + (2R/(3m)) ln(2/δ′), with m = 1 / (1/n₀ + 1/n₁),
 * δ′ = δ / ln(n) (the union bound over the O(log n) cuts the histogram examines) and R the
 * range of the values (R = 1 in the paper, whose inputs lie in [0, 1]; the second term is the
 * Bernstein range term, so it scales with R).
 *
 * @param n0 values in the older sub-window; @param n1 values in the newer one.
 * @param windowVariance population variance of the whole window σ²_W (unit of x²).
 * @param n the window length n₀ + n₁ (> 1). @param delta confidence δ.
 * @param range R, in the unit of x (default 1).
 */
export function adwinCutThreshold(
  n0: number,
  n1: number,
  windowVariance: number,
  n: number,
  delta: number,
  range = 1,
): number {
  const m = 1 / (1 / n0 + 1 / n1);
  const ln = Math.log((2 * Math.log(n)) / delta);
  return Math.sqrt((2 / m) * windowVariance * ln) + ((2 * range) / (3 * m)) * ln;
}

/**
 * The conservative Hoeffding cut of Theorem 3.1 of the same paper, for values in [0, 1]:
 * ε_cut = √((1/(2m)) ln(4/δ′)) with m = 1 / (1/n₀ + 1/n₁) and δ′ = δ / n. Not used for
 * detection (returns are not bounded in [0, 1]) but it is the bound the guarantees rest on.
 */
export function adwinHoeffdingBound(n0: number, n1: number, n: number, delta: number): number {
  const m = 1 / (1 / n0 + 1 / n1);
  return Math.sqrt((1 / (2 * m)) * Math.log((4 * n) / delta));
}
