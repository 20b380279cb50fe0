import { BookFlag, type EventBatch } from '../model/events';
import { BookSide } from './book-side';
import { FillEstimate } from './fill-estimate';
import { Fnv1a64 } from './fnv1a64';

/** Outcome of {@link L2Book.applyRow}. */
export const BookApply = {
  /** Applied (or, for a chain-only row, accepted). */
  Ok: 0,
  /** This row starts a message that breaks the update-id chain: the book just became invalid. */
  Gap: 1,
  /** Dropped: a delta older than the last snapshot (normal while syncing after a snapshot). */
  Stale: 2,
} as const;
export type BookApply = (typeof BookApply)[keyof typeof BookApply];

/** Which chain rule failed (see {@link L2Book}). */
export type ChainRule = 'spot' | 'futures' | 'snapshot-sync';

/**
 * An L2 (price-level) order book rebuilt from snapshots and deltas, with Binance's update-id
 * chain checks.
 *
 * Rows arrive one price level at a time (the `book` columns); the rows of one exchange message
 * share the update id `u` and the last one carries `BookFlag.EndOfMessage`. A new message
 * also starts when `u` changes, for sources that do not set the flag. A row with a NaN price
 * changes no level and only carries the message's ids (importers use it for empty messages, so
 * the chain stays whole).
 *
 * Chain rules, checked on the first row of each delta message:
 * - futures (USD-M, COIN-M; `pu` present): `pu == last u`;
 * - spot (`pu` NaN): `U == last u + 1`.
 * The very first message starts the chain (the captures have no initial snapshot), so the book
 * is "valid" but possibly incomplete until a snapshot arrives (`synced`). On a gap the book is
 * marked invalid (once: later gaps while invalid are not reported again) and deltas keep
 * being applied; the next snapshot replaces the book and makes it valid again. After a
 * snapshot with id L, deltas with `u < L` (futures) / `u ≤ L` (spot) are dropped, and the
 * first delta kept must satisfy `U ≤ L + 1 ≤ u + 1` or `pu == L`.
 */
export class L2Book {
  readonly bids = new BookSide(1);
  readonly asks = new BookSide(-1);
  /** `u` of the last applied message (the snapshot's id after a snapshot); NaN before any. */
  lastUpdateId = NaN;
  /** False from a chain gap until the next snapshot. */
  valid = true;
  /** True once a snapshot was applied (before that the book holds only the levels seen in deltas). */
  synced = false;
  /** Messages applied (snapshots and deltas; stale ones excluded). */
  messages = 0;
  /** Gaps detected (transitions to invalid). */
  gaps = 0;
  /** Of the last gap: the rule, the id the chain required and the id received. */
  gapRule: ChainRule = 'spot';
  gapExpected = NaN;
  gapReceived = NaN;

  private inMessage = false;
  private messageU = NaN;
  private messageIsSnapshot = false;
  private dropping = false;
  private awaitingSync = false;
  private readonly hasher = new Fnv1a64();

  /** Applies row `i` of a batch whose kind is Book (columns documented on `EventBatch`). */
  applyBatchRow(batch: EventBatch, i: number): BookApply {
    return this.applyRow(
      batch.a[i] as number,
      batch.b[i] as number,
      batch.c[i] as number,
      batch.d[i] as number,
      batch.e[i] as number,
      batch.f[i] as number,
      batch.flags[i] as number,
    );
  }

  /**
   * Applies one price-level row.
   * @param price level price (NaN: no level change, ids only)
   * @param size new size at that price, 0 removes the level
   * @param side +1 bid, -1 ask
   * @param u update id of the message (final update id)
   * @param firstU first update id of the message (`U`), NaN if unknown
   * @param pu previous final update id (`pu`, futures), NaN for spot
   * @param flags `BookFlag` bits
   */
  applyRow(
    price: number,
    size: number,
    side: number,
    u: number,
    firstU: number,
    pu: number,
    flags: number,
  ): BookApply {
    const isSnapshot = (flags & BookFlag.Snapshot) !== 0;
    let result: BookApply = BookApply.Ok;
    if (!this.inMessage || (u === u && u !== this.messageU) || isSnapshot !== this.messageIsSnapshot) {
      if (this.inMessage) this.endMessage();
      result = this.beginMessage(isSnapshot, u, firstU, pu);
    }
    const dropping = this.dropping;
    if (!dropping && price === price) {
      if (side > 0) this.bids.set(price, size);
      else this.asks.set(price, size);
    }
    if ((flags & BookFlag.EndOfMessage) !== 0) this.endMessage();
    return dropping ? BookApply.Stale : result;
  }

  /** Whether the last row applied closed its message (the book is consistent now). */
  get atMessageBoundary(): boolean {
    return !this.inMessage;
  }

  /** Best bid price, NaN when there is no bid. */
  bestBid(): number {
    return this.bids.price(0);
  }

  /** Best ask price, NaN when there is no ask. */
  bestAsk(): number {
    return this.asks.price(0);
  }

  /** (best bid + best ask) / 2; NaN if a side is empty. */
  mid(): number {
    return (this.bids.price(0) + this.asks.price(0)) / 2;
  }

  /** best ask − best bid, in price units; NaN if a side is empty. */
  spread(): number {
    return this.asks.price(0) - this.bids.price(0);
  }

  /**
   * Copies up to `levels` best levels of a side into the output arrays (best first) and returns
   * how many were written. No allocation.
   */
  depthInto(side: 1 | -1, levels: number, outPrices: Float64Array, outSizes: Float64Array): number {
    const s = side > 0 ? this.bids : this.asks;
    const n = Math.min(levels, s.levels, outPrices.length, outSizes.length);
    let pos = s.bestPos();
    for (let k = 0; k < n; k++, pos = s.nextPos(pos)) {
      outPrices[k] = s.priceAt(pos);
      outSizes[k] = s.sizeAt(pos);
    }
    return n;
  }

  /** The best `levels` levels of each side as [price, size] pairs, best first (allocates). */
  depth(levels: number): { bids: [number, number][]; asks: [number, number][] } {
    const take = (s: BookSide): [number, number][] => {
      const out: [number, number][] = [];
      for (let pos = s.bestPos(); pos >= 0 && out.length < levels; pos = s.nextPos(pos)) {
        out.push([s.priceAt(pos), s.sizeAt(pos)]);
      }
      return out;
    };
    return { bids: take(this.bids), asks: take(this.asks) };
  }

  /** What buying `size` at market would cost (walks the asks). Reuses `out` if given. */
  costToBuy(size: number, out: FillEstimate = new FillEstimate()): FillEstimate {
    return walk(this.asks, size, 1, out);
  }

  /** What selling `size` at market would fetch (walks the bids). Reuses `out` if given. */
  costToSell(size: number, out: FillEstimate = new FillEstimate()): FillEstimate {
    return walk(this.bids, size, -1, out);
  }

  /**
   * Size resting within `bps` basis points of the best price on a side (bids: price ≥ best ×
   * (1 − bps/10⁴); asks: price ≤ best × (1 + bps/10⁴)).
   */
  liquidityWithin(side: 1 | -1, bps: number): number {
    const s = side > 0 ? this.bids : this.asks;
    const best = s.price(0);
    if (best !== best) return 0;
    const limit = best * (1 - (side * bps) / 10_000);
    let total = 0;
    for (let pos = s.bestPos(); pos >= 0; pos = s.nextPos(pos)) {
      const p = s.priceAt(pos);
      if (side > 0 ? p < limit : p > limit) break;
      total += s.sizeAt(pos);
    }
    return total;
  }

  /**
   * A deterministic fingerprint of the book: FNV-1a 64 over the validity flag, the last update
   * id and every level (price and size bits), best first, bids then asks. 16 hex digits.
   */
  hash(): string {
    const h = this.hasher.reset();
    h.byte(this.valid ? 1 : 0).f64(this.lastUpdateId);
    for (const s of [this.bids, this.asks]) {
      h.u32(s.levels);
      for (let pos = s.bestPos(); pos >= 0; pos = s.nextPos(pos)) h.f64(s.priceAt(pos)).f64(s.sizeAt(pos));
    }
    return h.hex();
  }

  /** Empties the book and forgets the chain (as at construction). */
  reset(): void {
    this.bids.clear();
    this.asks.clear();
    this.lastUpdateId = NaN;
    this.valid = true;
    this.synced = false;
    this.inMessage = false;
    this.messageU = NaN;
    this.dropping = false;
    this.awaitingSync = false;
  }

  private beginMessage(isSnapshot: boolean, u: number, firstU: number, pu: number): BookApply {
    this.inMessage = true;
    this.messageU = u;
    this.messageIsSnapshot = isSnapshot;
    this.dropping = false;
    if (isSnapshot) {
      this.bids.clear();
      this.asks.clear();
      this.valid = true;
      this.synced = true;
      this.awaitingSync = true;
      return BookApply.Ok;
    }
    const last = this.lastUpdateId;
    // The first message starts the chain; unknown ids cannot be checked.
    if (last !== last || u !== u) return BookApply.Ok;
    const futures = pu === pu;
    if (this.awaitingSync) {
      if (futures ? u < last : u <= last) {
        this.dropping = true;
        return BookApply.Stale;
      }
      this.awaitingSync = false;
      if ((futures && pu === last) || firstU !== firstU || firstU <= last + 1) return BookApply.Ok;
      return this.gap('snapshot-sync', last + 1, firstU);
    }
    if (futures) return pu === last ? BookApply.Ok : this.gap('futures', last, pu);
    if (firstU !== firstU || firstU === last + 1) return BookApply.Ok;
    return this.gap('spot', last + 1, firstU);
  }

  private endMessage(): void {
    this.inMessage = false;
    if (this.dropping) {
      this.dropping = false;
      return;
    }
    this.lastUpdateId = this.messageU;
    this.messages++;
  }

  private gap(rule: ChainRule, expected: number, received: number): BookApply {
    if (!this.valid) return BookApply.Ok;
    this.valid = false;
    this.gaps++;
    this.gapRule = rule;
    this.gapExpected = expected;
    this.gapReceived = received;
    return BookApply.Gap;
  }
}

function walk(s: BookSide, size: number, dir: 1 | -1, out: FillEstimate): FillEstimate {
  out.requested = size;
  out.bestPrice = s.price(0);
  let filled = 0;
  let notional = 0;
  let k = 0;
  let worst = NaN;
  for (let pos = s.bestPos(); filled < size && pos >= 0; pos = s.nextPos(pos)) {
    const p = s.priceAt(pos);
    const take = Math.min(s.sizeAt(pos), size - filled);
    filled += take;
    notional += take * p;
    worst = p;
    k++;
  }
  out.filled = filled;
  out.notional = notional;
  out.levels = k;
  out.worstPrice = worst;
  out.complete = filled >= size;
  out.vwap = filled > 0 ? notional / filled : NaN;
  out.slippage = filled > 0 ? dir * (out.vwap - out.bestPrice) : NaN;
  out.slippageBps = filled > 0 ? (out.slippage / out.bestPrice) * 10_000 : NaN;
  return out;
}
