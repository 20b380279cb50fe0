import { invalidArgument } from '../core/errors';
import type { TradeSide } from '../model/kinds';
import { compensatedAdd } from './compensated-sum';
import { negativePart, positivePart } from './signed-parts';
import { requireInt, requireNonNegative } from './validate';

/*
 * State doubles of a TradeFlowImbalance, in one Float64Array (a typed-array element is one
 * load, a double field of an object two): 0 Σ buy volume, 1 its compensation, 2 Σ sell
 * volume, 3 its compensation.
 */
const STATE = 4;

/**
 * Trade-flow imbalance over the last `n` trades: (buy volume − sell volume) / (buy + sell),
 * in [−1, 1], where a buy is a buyer-initiated trade (side +1, the taker lifted the offer).
 *
 * NaN until `n` trades have been seen; 0 when the window holds only zero-size trades. Each
 * trade is stored as one signed size; buy and sell volumes are compensated (Neumaier) running
 * sums, rebuilt from the window every `n` trades so that they never drift below 0.
 *
 * Hot path of replay: {@link TradeFlowImbalance.push} adds a trade without a branch on its
 * side (a coin flip: both sums take their part of it, one of them +0, which leaves a sum's
 * bits as they are) and without computing the imbalance, which {@link TradeFlowImbalance.latest}
 * does only for the values someone listens to.
 */
export class TradeFlowImbalance {
  /** Signed sizes of the window: `count` of them from `head`, oldest first. */
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;
  private sinceRebuild = 0;
  private readonly st = new Float64Array(STATE);

  /** @param n window length in trades (integer ≥ 1). */
  constructor(n: number) {
    this.ring = new Float64Array(requireInt('n', n, 1));
  }

  /**
   * Adds a trade and returns the imbalance in [−1, 1].
   * @param size traded quantity, base units (finite, ≥ 0).
   * @param side +1 buyer-initiated, −1 seller-initiated.
   */
  update(size: number, side: TradeSide): number {
    return this.push(size, side) ? this.latest() : Number.NaN;
  }

  /**
   * The state half of {@link TradeFlowImbalance.update}: adds a trade (same rules) and
   * returns whether the imbalance is defined now: the window holds `n` trades and it is a
   * number (what `update` returns is not NaN).
   */
  push(size: number, side: number): boolean {
    // One test for the common case; the calls only to throw their errors. The side arrives
    // from a Float64Array column at run time: checked although the type says ±1.
    if (!(size >= 0 && size < Infinity)) requireNonNegative('size', size);
    if (side !== 1 && side !== -1) invalidArgument('side', side, '1 or -1');
    const ring = this.ring;
    const cap = ring.length;
    const v = side * size;
    const st = this.st;
    compensatedAdd(st, 0, positivePart(v));
    compensatedAdd(st, 2, negativePart(v));
    if (this.count === cap) {
      const head = this.head;
      const old = ring[head] as number;
      ring[head] = v;
      this.head = head + 1 === cap ? 0 : head + 1;
      compensatedAdd(st, 0, -positivePart(old));
      compensatedAdd(st, 2, -negativePart(old));
    } else {
      let at = this.head + this.count;
      if (at >= cap) at -= cap;
      ring[at] = v;
      this.count++;
    }
    if (++this.sinceRebuild >= cap) this.rebuild();
    if (this.count !== cap) return false;
    // A number unless a volume overflowed (then `latest` is NaN, as `update` always gave).
    const buy = (st[0] as number) + (st[1] as number);
    const sell = (st[2] as number) + (st[3] as number);
    return buy - buy === 0 && sell - sell === 0;
  }

  /** The imbalance of the window as it is: NaN until it holds `n` trades. */
  latest(): number {
    if (this.count < this.ring.length) return Number.NaN;
    const st = this.st;
    const b = Math.max(0, (st[0] as number) + (st[1] as number));
    const s = Math.max(0, (st[2] as number) + (st[3] as number));
    const total = b + s;
    if (total === 0) return 0;
    // Clamp: rounding may put the ratio a hair outside [−1, 1].
    return Math.min(1, Math.max(-1, (b - s) / total));
  }

  reset(): void {
    this.head = 0;
    this.count = 0;
    this.sinceRebuild = 0;
    this.st.fill(0);
  }

  /** Recomputes both sums from the window, oldest first. */
  private rebuild(): void {
    this.sinceRebuild = 0;
    const st = this.st;
    st.fill(0);
    const ring = this.ring;
    const cap = ring.length;
    let j = this.head;
    for (let i = 0; i < this.count; i++) {
      const x = ring[j] as number;
      compensatedAdd(st, 0, positivePart(x));
      compensatedAdd(st, 2, negativePart(x));
      j = j + 1 === cap ? 0 : j + 1;
    }
  }
}
