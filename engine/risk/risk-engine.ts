import type { BookSide } from '../model/kinds';
import { requireFinite, requireInt, requirePositive } from '../signal/validate';
import { ConcentrationLimit, type ConcentrationConfig } from './concentration';
import { DrawdownBreaker, type BreakerState, type DrawdownBreakerConfig } from './drawdown-breaker';
import { exitLiquidity } from './liquidity';
import { PositionLimit, type PositionLimitConfig } from './position-limit';
import { OrderRateThrottle } from './throttle';
import type { CheckResult, Rejected, RiskFill, RiskOrder, Violation } from './types';
import { RollingVar } from './var';

/** One side of a book, best first: prices in quote units, sizes in base units. */
export interface BookLevels {
  readonly prices: ArrayLike<number>;
  readonly sizes: ArrayLike<number>;
}

/** Gives the current book side of a symbol (+1 bids, −1 asks), or undefined when unknown. */
export type BookProvider = (venue: string, symbol: string, side: BookSide) => BookLevels | undefined;

export interface RiskEngineConfig {
  /** Starting equity (= cash, nothing held), quote units (> 0). */
  readonly initialEquity: number;
  readonly positions?: PositionLimitConfig;
  readonly concentration?: ConcentrationConfig;
  readonly drawdown?: DrawdownBreakerConfig;
  /** Order-rate limit, applied per venue (exchanges rate-limit per account and venue). */
  readonly throttle?: { readonly maxOrders: number; readonly windowUs: number };
  /**
   * The position after an order must be exitable within `maxExitSlippageBps` at the current
   * book. No book (undefined) is a rejection: an unknown book is not a liquid one.
   */
  readonly liquidity?: { readonly maxExitSlippageBps: number; readonly book: BookProvider };
  /**
   * VaR limit on equity returns sampled every `sampleIntervalUs`: while the VaR of the last `n`
   * samples exceeds `maxVarPct` percent of equity, orders that add exposure are rejected.
   */
  readonly var?: {
    readonly n: number;
    readonly confidence?: number;
    readonly sampleIntervalUs: number;
    readonly maxVarPct: number;
    readonly method?: 'historical' | 'parametric';
  };
  /** Called with every rejection. */
  readonly onBreach?: (rejection: Rejected) => void;
}

/** What the engine holds of one symbol. */
class Holding {
  /** Signed position, base units. */
  position = 0;
  /** Last mark price, quote units; NaN before any mark or fill. */
  mark = Number.NaN;
}

const APPROVED: CheckResult = Object.freeze({ approved: true });

/**
 * Pre-trade risk: composes position limits, concentration, the drawdown breaker, exit
 * liquidity, a VaR limit and the order-rate throttle over the positions and equity it tracks
 * from fills (`onFill`) and marks (`onMark`).
 *
 * Positions are kept per symbol, netted across venues: the same symbol on two venues is one
 * asset, so a hedged cross-venue pair nets to no exposure (the venues' own risk is not modelled
 * here). Equity = cash + Σ position · mark, where fills move cash by −side · size · price − fee.
 *
 * `check` evaluates, in this order: order validity; HALTED; REDUCING (exposure-increasing
 * orders only); then, only for an order that increases |position| of its symbol — reducing
 * orders are never blocked by exposure rules — position size, position notional, gross
 * notional, concentration, exit liquidity and VaR; and last the throttle, which every order
 * passes through and which consumes a slot only for an order that is approved. An approval
 * allocates nothing; a rejection is one object with every number used.
 */
export class RiskEngine {
  private readonly holdings = new Map<string, Holding>();
  private readonly throttles = new Map<string, OrderRateThrottle>();
  private readonly limits: PositionLimit;
  private readonly concentration: ConcentrationLimit | undefined;
  private readonly breaker: DrawdownBreaker | undefined;
  private readonly config: RiskEngineConfig;
  private readonly rollingVar: RollingVar | undefined;
  private cash: number;
  /** Σ position · mark, quote units. */
  private holdingsValue = 0;
  /** Σ |position| · mark, quote units. */
  private gross = 0;
  private lastTsUs = Number.NaN;
  private varBucket = Number.NaN;
  private varSampleEquity = Number.NaN;
  private lastRejection: Rejected | undefined;

  constructor(config: RiskEngineConfig) {
    this.config = config;
    this.cash = requirePositive('initialEquity', config.initialEquity);
    this.limits = new PositionLimit(config.positions);
    this.concentration = config.concentration && new ConcentrationLimit(config.concentration);
    this.breaker = config.drawdown && new DrawdownBreaker(config.drawdown);
    if (config.throttle) {
      requireInt('throttle.maxOrders', config.throttle.maxOrders, 1);
      requirePositive('throttle.windowUs', config.throttle.windowUs);
    }
    if (config.liquidity) requireFinite('liquidity.maxExitSlippageBps', config.liquidity.maxExitSlippageBps);
    if (config.var) {
      requirePositive('var.sampleIntervalUs', config.var.sampleIntervalUs);
      requirePositive('var.maxVarPct', config.var.maxVarPct);
      this.rollingVar = new RollingVar(config.var.n, config.var.confidence);
    }
    // The initial equity is the breaker's first peak (at time 0: no event has a time yet).
    this.breaker?.update(this.equity, 0);
  }

  /** Pre-trade check of `order` (see the class comment for the order of the rules). */
  check(order: RiskOrder): CheckResult {
    const { tsUs, venue, symbol, side, size, price } = order;
    const sideNum: number = side;
    if (
      !Number.isFinite(tsUs) ||
      !(size > 0) ||
      !Number.isFinite(size) ||
      !(price > 0) ||
      !Number.isFinite(price)
    ) {
      return this.reject(
        order,
        {
          rule: 'invalid-order',
          limit: Number.NaN,
          actual: Number.NaN,
          reason: 'tsUs, size and price must be finite, size and price > 0',
        },
        0,
        0,
        0,
      );
    }
    if (sideNum !== 1 && sideNum !== -1) {
      return this.reject(
        order,
        {
          rule: 'invalid-order',
          limit: Number.NaN,
          actual: sideNum,
          reason: `side must be 1 or -1, got ${sideNum}`,
        },
        0,
        0,
        0,
      );
    }
    const holding = this.holdings.get(symbol);
    const before = holding?.position ?? 0;
    const after = before + side * size;
    const mark = holding === undefined || Number.isNaN(holding.mark) ? price : holding.mark;
    const grossAfter = this.gross - Math.abs(before) * mark + Math.abs(after) * price;
    const increasing = Math.abs(after) > Math.abs(before);

    const state = this.breaker?.state ?? 'ACTIVE';
    if (state === 'HALTED' || (state === 'REDUCING' && increasing)) {
      const breaker = this.breaker;
      const halted = state === 'HALTED';
      return this.reject(
        order,
        {
          rule: halted ? 'drawdown-halted' : 'drawdown-reducing',
          limit: halted
            ? (this.config.drawdown?.haltAtPct ?? Number.NaN)
            : (this.config.drawdown?.reduceAtPct ?? Number.NaN),
          actual: breaker?.drawdownPct ?? Number.NaN,
          reason: halted
            ? 'trading is halted by the drawdown breaker until reset'
            : 'drawdown breaker allows only reducing orders',
        },
        before,
        after,
        grossAfter,
      );
    }
    if (increasing) {
      const v =
        this.limits.checkPosition(symbol, before, after, price) ??
        this.limits.checkGross(this.gross, grossAfter) ??
        this.concentration?.check(Math.abs(before) * mark, Math.abs(after) * price, grossAfter) ??
        this.checkLiquidity(venue, symbol, after) ??
        this.checkVar();
      if (v) return this.reject(order, v, before, after, grossAfter);
    }
    const throttle = this.throttleFor(venue);
    if (throttle && !throttle.tryAcquire(tsUs)) {
      const t = this.config.throttle;
      return this.reject(
        order,
        {
          rule: 'order-rate',
          limit: t?.maxOrders ?? Number.NaN,
          actual: throttle.countInWindow(tsUs) + 1,
          reason: `more than ${t?.maxOrders ?? Number.NaN} orders on ${venue} within ${t?.windowUs ?? Number.NaN} µs`,
        },
        before,
        after,
        grossAfter,
      );
    }
    return APPROVED;
  }

  /** Applies an execution: position, cash (price · size and fee), mark if none yet, equity. */
  onFill(fill: RiskFill): void {
    requireFinite('fill.tsUs', fill.tsUs);
    requirePositive('fill.size', fill.size);
    requirePositive('fill.price', fill.price);
    const fee = requireFinite('fill.fee', fill.fee ?? 0);
    let h = this.holdings.get(fill.symbol);
    if (h === undefined) {
      h = new Holding();
      this.holdings.set(fill.symbol, h);
    }
    h.position += fill.side * fill.size;
    if (Number.isNaN(h.mark)) h.mark = fill.price;
    this.cash -= fill.side * fill.size * fill.price + fee;
    // Fills are rare next to marks: re-sum the holdings exactly, dropping any drift of the
    // incremental updates in `onMark`.
    this.holdingsValue = 0;
    this.gross = 0;
    for (const x of this.holdings.values()) {
      if (Number.isNaN(x.mark)) continue;
      this.holdingsValue += x.position * x.mark;
      this.gross += Math.abs(x.position) * x.mark;
    }
    this.equityChanged(fill.tsUs);
  }

  /**
   * Marks `symbol` at `price` (quote units, > 0) at `tsUs` (µs; defaults to the latest time
   * seen) and updates equity, the drawdown breaker and the VaR samples. O(1).
   */
  onMark(symbol: string, price: number, tsUs: number = this.lastTsUs): void {
    requirePositive('price', price);
    const h = this.holdings.get(symbol);
    if (h !== undefined) {
      const old = Number.isNaN(h.mark) ? price : h.mark;
      h.mark = price;
      this.holdingsValue += h.position * (price - old);
      this.gross += Math.abs(h.position) * (price - old);
    }
    if (Number.isFinite(tsUs)) this.equityChanged(tsUs);
  }

  /** Cash + Σ position · mark, quote units. */
  get equity(): number {
    return this.cash + this.holdingsValue;
  }

  /** Σ |position| · mark, quote units. */
  get grossNotional(): number {
    return this.gross;
  }

  /** Signed position of `symbol`, base units. */
  position(symbol: string): number {
    return this.holdings.get(symbol)?.position ?? 0;
  }

  /** State of the drawdown breaker (ACTIVE when none is configured). */
  get drawdownState(): BreakerState {
    return this.breaker?.state ?? 'ACTIVE';
  }

  /** Re-arms a HALTED or REDUCING breaker (an operator's decision). */
  resetBreaker(tsUs: number): void {
    this.breaker?.reset(tsUs);
  }

  /** The current VaR of sampled equity returns, percent (NaN when not configured or not warm). */
  get varPct(): number {
    const rv = this.rollingVar;
    if (rv === undefined) return Number.NaN;
    return (this.config.var?.method === 'parametric' ? rv.parametricVar() : rv.historicalVar()) * 100;
  }

  /** The most recent rejection, if any. */
  get lastBreach(): Rejected | undefined {
    return this.lastRejection;
  }

  private equityChanged(tsUs: number): void {
    this.lastTsUs = tsUs;
    const equity = this.equity;
    this.breaker?.update(equity, tsUs);
    const v = this.config.var;
    if (v === undefined || this.rollingVar === undefined) return;
    // Sample the first equity of each interval: returns at a fixed horizon, whatever the
    // irregular rhythm of marks and fills.
    const bucket = Math.floor(tsUs / v.sampleIntervalUs);
    if (Number.isNaN(this.varBucket)) {
      this.varBucket = bucket;
      this.varSampleEquity = equity;
    } else if (bucket > this.varBucket) {
      if (this.varSampleEquity > 0) this.rollingVar.update(equity / this.varSampleEquity - 1);
      this.varBucket = bucket;
      this.varSampleEquity = equity;
    }
  }

  private checkLiquidity(venue: string, symbol: string, after: number): Violation | null {
    const cfg = this.config.liquidity;
    if (cfg === undefined) return null;
    // Exiting a long sells into the bids (+1); exiting a short buys from the asks (−1).
    const book = cfg.book(venue, symbol, after > 0 ? 1 : -1);
    const size = Math.abs(after);
    if (book === undefined) {
      return {
        rule: 'liquidity',
        limit: cfg.maxExitSlippageBps,
        actual: Number.NaN,
        reason: `no book for ${symbol} on ${venue}`,
      };
    }
    const exit = exitLiquidity(book.prices, book.sizes, size, cfg.maxExitSlippageBps);
    if (exit.fillable) return null;
    return {
      rule: 'liquidity',
      limit: cfg.maxExitSlippageBps,
      actual: exit.filledSize < size ? Infinity : exit.slippageBps,
      reason:
        exit.filledSize < size
          ? `the book absorbs only ${exit.filledSize} of the ${size} to exit`
          : `exiting ${size} would slip ${exit.slippageBps} bps, above ${cfg.maxExitSlippageBps}`,
    };
  }

  private checkVar(): Violation | null {
    const limit = this.config.var?.maxVarPct;
    const actual = this.varPct;
    if (limit === undefined || !(actual > limit)) return null;
    return { rule: 'var', limit, actual, reason: `VaR ${actual} % of equity is above the limit ${limit} %` };
  }

  private throttleFor(venue: string): OrderRateThrottle | undefined {
    const cfg = this.config.throttle;
    if (cfg === undefined) return undefined;
    let t = this.throttles.get(venue);
    if (t === undefined) {
      // Once per venue: the only allocation on the check path.
      t = new OrderRateThrottle(cfg.maxOrders, cfg.windowUs);
      this.throttles.set(venue, t);
    }
    return t;
  }

  private reject(
    order: RiskOrder,
    v: Violation,
    before: number,
    after: number,
    grossAfter: number,
  ): Rejected {
    const rejection: Rejected = {
      approved: false,
      rule: v.rule,
      reason: v.reason,
      limit: v.limit,
      actual: v.actual,
      tsUs: order.tsUs,
      symbol: order.symbol,
      values: {
        limit: v.limit,
        actual: v.actual,
        side: order.side,
        size: order.size,
        price: order.price,
        positionBefore: before,
        positionAfter: after,
        grossBefore: this.gross,
        grossAfter,
        equity: this.equity,
        drawdownPct: this.breaker?.drawdownPct ?? 0,
      },
    };
    this.lastRejection = rejection;
    this.config.onBreach?.(rejection);
    return rejection;
  }
}
