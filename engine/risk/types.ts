/**
 * The minimal order and fill shapes the risk layer needs, and what a check returns.
 * Prices are in the quote currency of the symbol, sizes in base units, times in µs since the
 * epoch; "notional" is |size| · price, in quote units (USD-ish for USDT/USD-quoted symbols).
 */

/** +1 buy, −1 sell. */
export type OrderSide = 1 | -1;

/** An order as the pre-trade check sees it. */
export interface RiskOrder {
  /** Time of the check, µs since the epoch. */
  readonly tsUs: number;
  readonly venue: string;
  readonly symbol: string;
  readonly side: OrderSide;
  /** Quantity, base units (> 0). */
  readonly size: number;
  /** Limit (or expected) price, quote units (> 0). */
  readonly price: number;
}

/** An execution. */
export interface RiskFill extends RiskOrder {
  /** Fee paid, quote units (default 0; negative for a rebate). */
  readonly fee?: number;
}

/** The rule a rejection comes from. */
export type RiskRule =
  | 'invalid-order'
  | 'drawdown-halted'
  | 'drawdown-reducing'
  | 'position-size'
  | 'position-notional'
  | 'gross-notional'
  | 'concentration'
  | 'liquidity'
  | 'var'
  | 'order-rate';

/** What one rule found wrong, before the engine adds the order's context. */
export interface Violation {
  readonly rule: RiskRule;
  /** The configured limit, in the unit of `actual`. */
  readonly limit: number;
  /** The value that breached it (size, quote units, a share, %, bps or a count per the rule). */
  readonly actual: number;
  readonly reason: string;
}

/** A breach: a violation with the time and symbol that caused it. */
export interface Breach extends Violation {
  readonly tsUs: number;
  readonly symbol: string;
}

export interface Approved {
  readonly approved: true;
}

/** A rejection: the breach plus every number the decision used (`values`). */
export interface Rejected extends Breach {
  readonly approved: false;
  readonly values: Readonly<Record<string, number>>;
}

export type CheckResult = Approved | Rejected;
