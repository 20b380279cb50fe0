import { invalidArgument } from '../core/errors';
import { requireFinite, requireNonNegative, requirePositive } from './validate';

/** Configuration of a `CrossVenueSpread`. */
export interface CrossVenueSpreadConfig {
  /** Names of the two venues, as given to `update`. */
  readonly venueA: string;
  readonly venueB: string;
  /** Taker fee on each venue, basis points of notional (≥ 0), e.g. 10 for 0.10 %. */
  readonly takerFeeBpsA: number;
  readonly takerFeeBpsB: number;
  /** Minimum net edge to report, basis points (may be negative to see everything). */
  readonly thresholdBps: number;
  /**
   * Quotes older than this at `detect` time, µs, are stale and produce no opportunity
   * (default: Infinity — never stale). Crossing a live quote with a 2-second-old one is the
   * classic false arbitrage of replayed data.
   */
  readonly maxQuoteAgeUs?: number;
}

/** A taker-taker arbitrage: buy at `buyVenue`'s ask, sell at `sellVenue`'s bid. */
export interface CrossVenueOpportunity {
  readonly buyVenue: string;
  readonly sellVenue: string;
  /** Net edge after both taker fees, basis points of the cost of the buy leg. */
  readonly netBps: number;
}

/**
 * The spread of one asset between two venues, net of taker fees, in both directions.
 *
 * Buying one unit on X at ask_X costs ask_X · (1 + f_X); selling it on Y at bid_Y yields
 * bid_Y · (1 − f_Y). The net edge is their ratio minus 1, in bps:
 * netBps(X→Y) = (bid_Y (1 − f_Y) / (ask_X (1 + f_X)) − 1) · 10⁴.
 * This is exact for the fee model (not the first-order "gross − fees" approximation).
 * Updates are O(1) and allocation-free; `detect` allocates its result only when it finds an
 * opportunity.
 */
export class CrossVenueSpread {
  private readonly names: readonly [string, string];
  private readonly feeFactor: Float64Array;
  private readonly bid = new Float64Array([Number.NaN, Number.NaN]);
  private readonly ask = new Float64Array([Number.NaN, Number.NaN]);
  private readonly quoteTs = new Float64Array([Number.NaN, Number.NaN]);
  private readonly thresholdBps: number;
  private readonly maxAgeUs: number;

  constructor(config: CrossVenueSpreadConfig) {
    if (config.venueA === config.venueB)
      invalidArgument('venueB', config.venueB, 'a venue other than venueA');
    this.names = [config.venueA, config.venueB];
    const fa = requireNonNegative('takerFeeBpsA', config.takerFeeBpsA) / 1e4;
    const fb = requireNonNegative('takerFeeBpsB', config.takerFeeBpsB) / 1e4;
    this.feeFactor = new Float64Array([fa, fb]);
    this.thresholdBps = requireFinite('thresholdBps', config.thresholdBps);
    this.maxAgeUs =
      config.maxQuoteAgeUs === undefined ? Infinity : requirePositive('maxQuoteAgeUs', config.maxQuoteAgeUs);
  }

  /**
   * Records the best bid and ask of one venue.
   * @param venue one of the two configured venue names.
   * @param tsUs quote time, µs since the epoch.
   * @param bidPx best bid price (> 0); @param askPx best ask price (> 0).
   */
  update(venue: string, tsUs: number, bidPx: number, askPx: number): void {
    const i = this.indexOf(venue);
    this.quoteTs[i] = requireFinite('tsUs', tsUs);
    this.bid[i] = requirePositive('bidPx', bidPx);
    this.ask[i] = requirePositive('askPx', askPx);
  }

  /**
   * Net edge, bps, of buying on `buyVenue` and selling on the other venue; NaN until both
   * venues have quoted.
   */
  netBps(buyVenue: string): number {
    const i = this.indexOf(buyVenue);
    return this.edge(i, i === 0 ? 1 : 0);
  }

  /**
   * The better of the two directions if its net edge is ≥ the threshold and both quotes are
   * fresh at `tsUs`; otherwise null.
   * @param tsUs the current time, µs since the epoch (for the staleness check).
   */
  detect(tsUs: number): CrossVenueOpportunity | null {
    for (let i = 0; i < 2; i++) {
      const age = tsUs - (this.quoteTs[i] ?? Number.NaN);
      if (!(age <= this.maxAgeUs)) return null;
    }
    const ab = this.edge(0, 1);
    const ba = this.edge(1, 0);
    const buy: 0 | 1 = ab >= ba ? 0 : 1;
    const sell: 0 | 1 = buy === 0 ? 1 : 0;
    const best = Math.max(ab, ba);
    if (!(best >= this.thresholdBps)) return null;
    return { buyVenue: this.names[buy], sellVenue: this.names[sell], netBps: best };
  }

  private edge(buy: number, sell: number): number {
    const cost = (this.ask[buy] ?? Number.NaN) * (1 + (this.feeFactor[buy] ?? 0));
    const proceeds = (this.bid[sell] ?? Number.NaN) * (1 - (this.feeFactor[sell] ?? 0));
    return (proceeds / cost - 1) * 1e4;
  }

  private indexOf(venue: string): 0 | 1 {
    if (venue === this.names[0]) return 0;
    if (venue === this.names[1]) return 1;
    return invalidArgument('venue', venue, `${this.names[0]} or ${this.names[1]}`);
  }
}
