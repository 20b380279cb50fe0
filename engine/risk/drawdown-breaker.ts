import { invalidArgument } from '../core/errors';
import { requireFinite } from '../signal/validate';

/** ACTIVE: trade freely. REDUCING: only orders that reduce exposure. HALTED: no orders. */
export type BreakerState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** One change of state, with the numbers that caused it. */
export interface DrawdownTransition {
  /** µs since the epoch. */
  readonly tsUs: number;
  readonly from: BreakerState;
  readonly to: BreakerState;
  /** Why: the drawdown crossed a threshold, it recovered below `resetAtPct`, or `reset` was called. */
  readonly cause: 'drawdown' | 'recovery' | 'reset';
  /** Drawdown from the peak, percent (5 = 5 %). */
  readonly drawdownPct: number;
  /** Highest equity since the start or the last reset, quote units. */
  readonly peak: number;
  /** Equity at the transition, quote units. */
  readonly equity: number;
}

export interface DrawdownBreakerConfig {
  /** Drawdown, percent of the peak, from which only reducing orders pass (> 0). */
  readonly reduceAtPct: number;
  /** Drawdown, percent of the peak, from which nothing passes until `reset` (≥ reduceAtPct). */
  readonly haltAtPct: number;
  /**
   * Drawdown, percent, at or below which REDUCING returns to ACTIVE (in [0, reduceAtPct)); the
   * gap is hysteresis, so equity hovering at the threshold does not flap the state. Omitted:
   * REDUCING is sticky too, until `reset`.
   */
  readonly resetAtPct?: number;
  /** Called on every transition (state, drawdown, peak, equity). */
  readonly onTransition?: (transition: DrawdownTransition) => void;
}

/**
 * Equity drawdown circuit breaker: ACTIVE → REDUCING at `reduceAtPct`, → HALTED at
 * `haltAtPct`. HALTED is sticky: only an explicit `reset(tsUs)` (an operator's decision, never
 * a price move) returns to ACTIVE, and it restarts the peak at the current equity.
 *
 * drawdown % = (peak − equity) / peak · 100, with the peak the highest equity seen; when the
 * peak is ≤ 0 there is no capital to lose and the drawdown counts as 100 %.
 */
export class DrawdownBreaker {
  private readonly reduceAt: number;
  private readonly haltAt: number;
  private readonly resetAt: number;
  private readonly listener: ((t: DrawdownTransition) => void) | undefined;
  private current: BreakerState = 'ACTIVE';
  private peakEquity = Number.NaN;
  private lastEquity = Number.NaN;
  private dd = 0;
  private last: DrawdownTransition | undefined;

  constructor(config: DrawdownBreakerConfig) {
    const { reduceAtPct, haltAtPct, resetAtPct } = config;
    if (!(reduceAtPct > 0 && reduceAtPct <= 100))
      invalidArgument('reduceAtPct', reduceAtPct, 'a percentage in (0, 100]');
    if (!(haltAtPct >= reduceAtPct && haltAtPct <= 100)) {
      invalidArgument('haltAtPct', haltAtPct, `a percentage in [reduceAtPct = ${reduceAtPct}, 100]`);
    }
    if (resetAtPct !== undefined && !(resetAtPct >= 0 && resetAtPct < reduceAtPct)) {
      invalidArgument('resetAtPct', resetAtPct, `a percentage in [0, reduceAtPct = ${reduceAtPct})`);
    }
    this.reduceAt = reduceAtPct;
    this.haltAt = haltAtPct;
    // −1: a drawdown is never ≤ −1 %, so REDUCING never recovers by itself.
    this.resetAt = resetAtPct ?? -1;
    this.listener = config.onTransition;
  }

  /**
   * Records the equity (quote units, finite) at `tsUs` (µs since the epoch) and returns the
   * state after it.
   */
  update(equity: number, tsUs: number): BreakerState {
    requireFinite('equity', equity);
    requireFinite('tsUs', tsUs);
    this.lastEquity = equity;
    if (!(equity <= this.peakEquity)) this.peakEquity = equity;
    this.dd = drawdownPctOf(this.peakEquity, equity);
    const from = this.current;
    const to = nextBreakerState(from, this.dd, this.reduceAt, this.haltAt, this.resetAt);
    if (to !== from)
      this.transition(to, from === 'REDUCING' && to === 'ACTIVE' ? 'recovery' : 'drawdown', tsUs);
    return this.current;
  }

  /**
   * Returns to ACTIVE (a transition if the state was not ACTIVE) and restarts the peak at the
   * last equity seen.
   */
  reset(tsUs: number): void {
    requireFinite('tsUs', tsUs);
    this.peakEquity = this.lastEquity;
    this.dd = 0;
    if (this.current !== 'ACTIVE') this.transition('ACTIVE', 'reset', tsUs);
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Drawdown at the last update, percent. */
  get drawdownPct(): number {
    return this.dd;
  }

  /** Peak equity since the start or the last reset, quote units (NaN before any update). */
  get peak(): number {
    return this.peakEquity;
  }

  /** The most recent transition, if any. */
  get lastTransition(): DrawdownTransition | undefined {
    return this.last;
  }

  private transition(to: BreakerState, cause: DrawdownTransition['cause'], tsUs: number): void {
    const t: DrawdownTransition = {
      tsUs,
      from: this.current,
      to,
      cause,
      drawdownPct: this.dd,
      peak: this.peakEquity,
      equity: this.lastEquity,
    };
    this.current = to;
    this.last = t;
    this.listener?.(t);
  }
}

/**
 * Drawdown of `equity` from `peak`, percent (both quote units); 100 when the peak is ≤ 0 (no
 * capital to lose). Shared with the kernel's per-stream breakers.
 */
export function drawdownPctOf(peak: number, equity: number): number {
  return peak > 0 ? ((peak - equity) / peak) * 100 : 100;
}

/**
 * The breaker state after a drawdown of `dd` percent in state `current`, with the thresholds of
 * {@link DrawdownBreakerConfig} (`resetAt` −1 when REDUCING is sticky). HALTED is sticky.
 */
export function nextBreakerState(
  current: BreakerState,
  dd: number,
  reduceAt: number,
  haltAt: number,
  resetAt: number,
): BreakerState {
  if (current === 'HALTED') return current;
  if (dd >= haltAt) return 'HALTED';
  if (current === 'REDUCING') return dd <= resetAt ? 'ACTIVE' : current;
  return dd >= reduceAt ? 'REDUCING' : current;
}
