import { TickbenchError } from '../core/errors';
import { LevelList } from './level-list';
import { SortedLevels } from './sorted-levels';

/** Decimal places a tick grid may have (10⁻¹² is finer than any exchange tick). */
const MAX_DECIMALS = 12;
const POW10 = Array.from({ length: MAX_DECIMALS + 1 }, (_, d) => 10 ** d);
/** Smallest ladder window, in ticks. */
const MIN_SLOTS = 1 << 10;
/** Largest ladder window, in ticks (4 MiB of sizes a side). */
const MAX_SLOTS = 1 << 19;
/** Tick indexes beyond this lose integer exactness in a double. */
const MAX_TICK = 2 ** 52;
/** Walk positions of the far levels: index + this offset (window positions are slots < MAX_SLOTS). */
const FAR = 1 << 22;

/**
 * One side of an L2 book, kept as a **tick ladder**: level sizes in a typed array indexed by
 * tick (price × 10ᵈ, d the fewest decimals that write every price seen exactly). Setting a level
 * in the window is O(1) — no search, no shift — whatever the depth of the book: the real USD-M
 * captures hold 5 000–15 000 levels a side, updated up to ~1 000 levels deep, which made a
 * sorted array's binary search and shifts the replay's largest cost. The exact price comes back
 * as `tick ÷ 10ᵈ`, the same double as the parsed price (both are the nearest double to the
 * decimal), so contents, iteration order and hash are those of a sorted structure.
 *
 * The window covers the ticks from the best level (with ¼ of it as room beyond the best) to the
 * worse side, where the depth is; it widens up to {@link MAX_SLOTS} ticks to take levels within
 * reach of the best, and moves whenever a new best level falls outside it — so no level is ever
 * beyond the window's better end. Levels beyond its worse end — the stale outliers real books
 * carry, e.g. an ask at 200 000 in a BTCUSDT book at 60 000 — sit in sorted arrays
 * ({@link SortedLevels}), so the window stays small. A price with more decimals than the grid
 * refines it; a price that fits no grid of ≤ 12 decimals moves the side, for good, to plain
 * sorted arrays ({@link SortedLevels}).
 *
 * A level is present iff its size is not 0 (size 0 removes it, as the feeds mean). Walk
 * positions (`bestPos`, `nextPos`) go best first in O(1) per level on a dense book; they are
 * valid until the next `set` or `clear`.
 */
export class BookSide {
  /** +1 for bids, -1 for asks. */
  readonly sign: 1 | -1;
  /** Window sizes by slot (tick − base); 0 = no level. */
  private sz: Float64Array;
  /** Tick of slot 0. */
  private base = 0;
  /** 10^decimals of the grid; 0 before the first level (no grid yet). */
  private scale = 0;
  /** Lowest and highest occupied window slots (exact); meaningless while `n` is 0. */
  private lo = 0;
  private hi = 0;
  /** Levels in the window. */
  private n = 0;
  /** Levels beyond the window's worse end. */
  private readonly far: SortedLevels;
  /** Set once the side has fallen back to sorted arrays. */
  private sorted: SortedLevels | undefined;

  constructor(sign: 1 | -1) {
    this.sign = sign;
    this.sz = new Float64Array(MIN_SLOTS);
    this.far = new SortedLevels(sign, 16);
  }

  /** Number of price levels. */
  get levels(): number {
    if (this.sorted !== undefined) return this.sorted.levels;
    return this.n + this.far.levels;
  }

  /** True once the side uses plain sorted arrays (a price fit no decimal grid). */
  get isSorted(): boolean {
    return this.sorted !== undefined;
  }

  /** Levels outside the ladder window (diagnostics, tests). */
  get farLevels(): number {
    return this.far.levels;
  }

  /** Removes every level (the grid stays). */
  clear(): void {
    if (this.sorted !== undefined) {
      this.sorted.clear();
      return;
    }
    if (this.n > 0) this.sz.fill(0, this.lo, this.hi + 1);
    this.n = 0;
    this.far.clear();
  }

  /**
   * Sets the size at `price`; size 0 removes the level (removing a missing level is a no-op).
   * Prices are compared exactly: the same decimal text always parses to the same double.
   */
  set(price: number, size: number): void {
    const scale = this.scale;
    const t = Math.round(price * scale);
    const slot = t - this.base;
    const sz = this.sz;
    // Off the grid (also: no grid yet, NaN, fallen back) or outside the window: the slow path.
    if (t / scale !== price || !(slot >= 0 && slot < sz.length) || this.sorted !== undefined) {
      this.setSlow(price, size, t);
      return;
    }
    const old = sz[slot] as number;
    if (size === 0) {
      if (old !== 0) this.remove(slot);
      return;
    }
    sz[slot] = size;
    if (old !== 0) return;
    if (this.n++ === 0) {
      this.lo = slot;
      this.hi = slot;
    } else if (slot < this.lo) this.lo = slot;
    else if (slot > this.hi) this.hi = slot;
  }

  /** Position of the best level, −1 when the side is empty. */
  bestPos(): number {
    if (this.sorted !== undefined) return this.sorted.bestPos();
    if (this.n > 0) return this.sign > 0 ? this.hi : this.lo;
    return this.farBest();
  }

  /** Position of the next worse level after `pos`, −1 after the worst. */
  nextPos(pos: number): number {
    if (this.sorted !== undefined) return this.sorted.nextPos(pos);
    if (pos >= FAR) return pos === FAR ? -1 : pos - 1;
    const sz = this.sz;
    if (this.sign > 0) {
      for (let s = pos - 1; s >= this.lo; s--) if (sz[s] !== 0) return s;
    } else {
      for (let s = pos + 1; s <= this.hi; s++) if (sz[s] !== 0) return s;
    }
    return this.farBest();
  }

  /** Price of the level at a walk position. */
  priceAt(pos: number): number {
    if (this.sorted !== undefined) return this.sorted.priceAt(pos);
    if (pos >= FAR) return this.far.priceAt(pos - FAR);
    return (this.base + pos) / this.scale;
  }

  /** Size of the level at a walk position. */
  sizeAt(pos: number): number {
    if (this.sorted !== undefined) return this.sorted.sizeAt(pos);
    if (pos >= FAR) return this.far.sizeAt(pos - FAR);
    return this.sz[pos] as number;
  }

  /** Price of the k-th best level (0 = best), or NaN when there are not that many levels. O(k). */
  price(k: number): number {
    const pos = this.posOf(k);
    return pos < 0 ? NaN : this.priceAt(pos);
  }

  /** Size of the k-th best level (0 = best), or NaN when there are not that many levels. O(k). */
  size(k: number): number {
    const pos = this.posOf(k);
    return pos < 0 ? NaN : this.sizeAt(pos);
  }

  private posOf(k: number): number {
    if (!(k >= 0) || k >= this.levels) return -1;
    let pos = this.bestPos();
    for (let j = 0; j < k; j++) pos = this.nextPos(pos);
    return pos;
  }

  private farBest(): number {
    return this.far.levels > 0 ? FAR + this.far.bestPos() : -1;
  }

  /** Removes the level at an occupied slot and keeps the occupied bounds exact. */
  private remove(slot: number): void {
    const sz = this.sz;
    sz[slot] = 0;
    if (--this.n === 0) return;
    if (slot === this.lo) {
      let s = slot + 1;
      while (sz[s] === 0) s++;
      this.lo = s;
    } else if (slot === this.hi) {
      let s = slot - 1;
      while (sz[s] === 0) s--;
      this.hi = s;
    }
  }

  /** A price off the grid or outside the window (`t`: its tick on the current grid). */
  private setSlow(price: number, size: number, t: number): void {
    if (this.sorted !== undefined) {
      this.sorted.set(price, size);
      return;
    }
    if (Number.isNaN(gridTick(price, this.scale))) {
      // Every stored price is on the grid: an off-grid level does not exist.
      if (size === 0) return;
      if (!this.refine(price)) {
        this.fallBack().set(price, size);
        return;
      }
      this.set(price, size);
      return;
    }
    // On the grid, outside the window.
    if (this.levels === 0) {
      this.place(t, this.sz.length);
      this.setPlaced(price, size, t);
      return;
    }
    // Ticks grow with price: above the window is better for bids, worse for asks. Nothing
    // is stored beyond the better end.
    const beyondBest = t >= this.base === this.sign > 0;
    if (size === 0) {
      if (!beyondBest) this.far.set(price, size);
      return;
    }
    const bestTick = Math.round(this.priceAt(this.bestPos()) * this.scale);
    const depth = this.sign * (bestTick - t);
    if (depth < 0) {
      // A new best level: the window moves to it.
      this.relayout(t, this.sz.length);
    } else if (depth < (3 * MAX_SLOTS) / 4) {
      // Within reach of the best: the window widens to take it, or moves back to the best
      // when that has drifted away from the window's anchor.
      let slots = this.sz.length;
      while ((3 * slots) / 4 <= depth && slots < MAX_SLOTS) slots *= 2;
      this.relayout(bestTick, slots);
    } else {
      this.far.set(price, size);
      return;
    }
    this.setPlaced(price, size, t);
  }

  /** `set` once the window was placed for tick `t` (it must be in it now: no second placing). */
  private setPlaced(price: number, size: number, t: number): void {
    if (!(t - this.base >= 0 && t - this.base < this.sz.length)) {
      throw new TickbenchError(
        'internal',
        `book side: tick ${t} is outside the window [${this.base}, ${this.base + this.sz.length}) placed for it`,
      );
    }
    this.set(price, size);
  }

  /** Makes the grid fine enough for `price`; false when no grid of ≤ 12 decimals fits it. */
  private refine(price: number): boolean {
    for (const scale of POW10) {
      if (scale <= this.scale || Number.isNaN(gridTick(price, scale))) continue;
      const all = this.collect();
      const f = scale / (this.scale || 1);
      for (let i = 0; i < all.ticks.length; i++) all.ticks[i] = (all.ticks[i] as number) * f;
      const last = all.ticks[all.ticks.length - 1];
      if (last !== undefined && Math.max(Math.abs(last), Math.abs(all.ticks[0] ?? 0)) > MAX_TICK)
        return false;
      this.scale = scale;
      this.distribute(all, this.sz.length);
      return true;
    }
    return false;
  }

  /** Re-places the window (anchored at tick `anchor` as its best) with `slots` slots. */
  private relayout(anchor: number, slots: number): void {
    const all = this.collect();
    this.distribute(all, slots, anchor);
  }

  /** Every level as (tick, size), ticks ascending: below the window, in it, above it. */
  private collect(): LevelList {
    const out = new LevelList();
    const scale = this.scale;
    // The far levels are below the window for bids, above it for asks.
    if (this.sign > 0) out.takeAscending(this.far, scale);
    const sz = this.sz;
    if (this.n > 0) {
      for (let s = this.lo; s <= this.hi; s++) {
        const v = sz[s] as number;
        if (v !== 0) out.push(this.base + s, v);
      }
    }
    if (this.sign < 0) out.takeAscending(this.far, scale);
    return out;
  }

  /**
   * Empties the side and puts the levels back: the window of `slots` anchored at `anchor` (a
   * tick at least as good as the levels' best; default that best), the rest to the far levels,
   * worst first.
   */
  private distribute(all: LevelList, slots: number, anchor = all.bestTick(this.sign)): void {
    this.clear();
    this.place(anchor, slots);
    const scale = this.scale;
    all.forEachWorstFirst(this.sign, (t, v) => {
      const slot = t - this.base;
      if (slot >= 0 && slot < this.sz.length) this.set(t / scale, v);
      else if (slot < 0 === this.sign > 0) this.far.set(t / scale, v);
      else {
        throw new TickbenchError(
          'internal',
          `book side: level at tick ${t} is beyond the best end of a window anchored at ${anchor}`,
        );
      }
    });
  }

  /** An empty window of `slots` slots with tick `anchor` as its best: ¾ of it on the worse side. */
  private place(anchor: number, slots: number): void {
    if (slots !== this.sz.length) this.sz = new Float64Array(slots);
    this.base = anchor - (this.sign > 0 ? slots - (slots >>> 2) : slots >>> 2);
    this.n = 0;
  }

  /** Moves every level into plain sorted arrays, for good; returns them. */
  private fallBack(): SortedLevels {
    const sorted = new SortedLevels(this.sign, Math.max(256, 2 * this.levels));
    const scale = this.scale;
    this.collect().forEachWorstFirst(this.sign, (t, v) => {
      sorted.set(t / scale, v);
    });
    this.clear();
    this.sorted = sorted;
    this.sz = new Float64Array(1);
    return sorted;
  }
}

/** The tick of `price` on the grid `scale` (10^d); NaN when the price is not on it exactly. */
function gridTick(price: number, scale: number): number {
  const t = Math.round(price * scale);
  return t / scale === price && Math.abs(t) <= MAX_TICK ? t : NaN;
}
