// A deliberately simple reference L2 book (two Maps), to check the engine's book against.
export class RefBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();

  set(side: number, price: number, size: number): void {
    const m = side > 0 ? this.bids : this.asks;
    if (size === 0) m.delete(price);
    else m.set(price, size);
  }

  /** Levels best first. */
  levels(side: number): [number, number][] {
    const m = side > 0 ? this.bids : this.asks;
    return [...m.entries()].sort((x, y) => (side > 0 ? y[0] - x[0] : x[0] - y[0]));
  }

  best(side: number): number {
    return this.levels(side)[0]?.[0] ?? NaN;
  }
}
