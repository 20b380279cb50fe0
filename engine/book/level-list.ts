import type { SortedLevels } from './sorted-levels';

/**
 * A side's levels gathered as (tick, size) pairs, ticks ascending: what {@link BookSide} moves
 * when its ladder window moves, widens or its grid gets finer (rare; allocates).
 */
export class LevelList {
  readonly ticks: number[] = [];
  readonly sizes: number[] = [];

  /** Appends one level (ticks must come ascending). */
  push(tick: number, size: number): void {
    this.ticks.push(tick);
    this.sizes.push(size);
  }

  /** Appends the levels of sorted arrays, ascending by price, as ticks of the grid `scale`. */
  takeAscending(levels: SortedLevels, scale: number): void {
    const n = levels.levels;
    // Storage is ascending in sign × price: ascending prices for bids, descending for asks.
    for (let k = 0; k < n; k++) {
      const i = levels.sign > 0 ? k : n - 1 - k;
      this.push(Math.round(levels.priceAt(i) * scale), levels.sizeAt(i));
    }
  }

  /**
   * Visits the levels worst first for a side (+1 bids: ascending ticks; −1 asks: descending),
   * so that each insert into a side's sorted arrays lands at the top, with no shifting.
   */
  forEachWorstFirst(sign: 1 | -1, visit: (tick: number, size: number) => void): void {
    const n = this.ticks.length;
    for (let k = 0; k < n; k++) {
      const i = sign > 0 ? k : n - 1 - k;
      visit(this.ticks[i] as number, this.sizes[i] as number);
    }
  }

  /** The best tick for a side (+1 bids: the highest; −1 asks: the lowest); 0 when empty. */
  bestTick(sign: 1 | -1): number {
    const t = sign > 0 ? this.ticks[this.ticks.length - 1] : this.ticks[0];
    return t ?? 0;
  }
}
