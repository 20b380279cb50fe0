/**
 * The rare, object-shaped events of the bus (breaches, book gaps, alerts, processor errors).
 * Numeric series values do not use these: see `SignalBus.publishValue`.
 */

/** A book update-id chain gap: the book is invalid until the next snapshot. */
export interface BookInvalidEvent {
  readonly type: 'book-invalid';
  /** Exchange time of the message that revealed the gap, µs since the epoch. */
  readonly tsUs: number;
  readonly streamId: number;
  /** Which chain rule failed: spot `U == last u + 1`, futures `pu == last u`, or post-snapshot sync. */
  readonly rule: 'spot' | 'futures' | 'snapshot-sync';
  /** The id the chain required (spot: last u + 1; futures: last u). */
  readonly expected: number;
  /** The id received (spot: U; futures: pu). */
  readonly received: number;
}

/** A risk rule was breached (position limit, VaR limit, drawdown breaker state change). */
export interface RiskBreachEvent {
  readonly type: 'risk-breach';
  readonly tsUs: number;
  readonly streamId: number;
  /** The processor label, e.g. `drawdown`. */
  readonly processor: string;
  /** Short machine-readable reason, e.g. `drawdown:HALTED`. */
  readonly reason: string;
  /** The measured value and the limit it crossed (units of the rule). */
  readonly value: number;
  readonly limit: number;
}

/** A processor threw; the kernel counted it and went on. */
export interface ProcessorErrorEvent {
  readonly type: 'processor-error';
  readonly tsUs: number;
  readonly processor: string;
  readonly message: string;
  /** Errors of this processor so far. */
  readonly count: number;
}

/** A monitoring threshold was crossed (`active`) or went back under it (`!active`). */
export interface AlertEvent {
  readonly type: 'alert';
  /** Simulated time when the monitor checked, µs since the epoch. */
  readonly tsUs: number;
  readonly metric: 'latency-p99' | 'lag' | 'error-rate' | 'memory';
  /** The processor concerned, or '' for kernel-wide metrics. */
  readonly processor: string;
  readonly value: number;
  readonly threshold: number;
  readonly active: boolean;
}

export type BusEvent = BookInvalidEvent | RiskBreachEvent | ProcessorErrorEvent | AlertEvent;
export type BusEventType = BusEvent['type'];
