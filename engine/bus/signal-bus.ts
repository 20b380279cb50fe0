import type { BusEvent } from './bus-events';
import { Interner } from './interner';
import { forEachValueInOrder, valuesIn, type ValueRun } from './value-runs';

export type { ValueRun } from './value-runs';

/**
 * Receives numeric series values. Implemented by sinks (CSV/Parquet writers, charts, hashers).
 * Called once per emitted value: implementations must not allocate per call.
 */
export interface ValueListener {
  /**
   * @param tsUs exchange time of the event that produced the value, µs since the epoch
   * @param processorIdx index of the processor label in `SignalBus.processors`
   * @param streamId stream index in the session's stream table (gives venue and symbol)
   * @param nameIdx index of the series name in `SignalBus.names`
   * @param value the value, in the unit of the series (prices for sma/ema/vwap/bbo, 0..100 for rsi)
   */
  onValue(tsUs: number, processorIdx: number, streamId: number, nameIdx: number, value: number): void;
  /**
   * Optional: the values of a kernel run at once, one run per processor (see
   * {@link SignalBus.publishRuns}); without it the bus calls `onValue` for each, in publication
   * order. Either way the listener must end in the same state.
   */
  onRuns?(runs: readonly ValueRun[], from: number, to: number): void;
}

export type BusEventListener = (event: BusEvent) => void;

/** Subscription options. */
export interface SubscribeOptions {
  /**
   * Deliver even while the bus is muted (during a seek). Internal bookkeeping (counters,
   * summaries) subscribes with `always: true`; output sinks do not.
   */
  readonly always?: boolean;
}

/**
 * Typed, deterministic, single-threaded publish/subscribe. Delivery is synchronous: first to
 * the `always` subscribers, then to the others, each group in subscription order. Numeric values go through {@link SignalBus.publishValue} (interned
 * names, no allocation); rare object events through {@link SignalBus.publish}.
 *
 * Subscribing or unsubscribing during a dispatch takes effect from the next publish
 * (listener lists are copied on write).
 */
export class SignalBus {
  /** Processor labels (`ema:20`) ↔ indices. */
  readonly processors = new Interner();
  /** Series names (`ema`, `bid`, `ask`) ↔ indices. */
  readonly names = new Interner();

  private alwaysValues: ValueListener[] = [];
  private mutableValues: ValueListener[] = [];
  private alwaysEvents: BusEventListener[] = [];
  private mutableEvents: BusEventListener[] = [];
  private isMuted = false;
  private valueCount = 0;
  private eventCount = 0;

  /** While muted, only `always` subscribers receive values and events (used by seek). */
  get muted(): boolean {
    return this.isMuted;
  }

  setMuted(muted: boolean): void {
    this.isMuted = muted;
  }

  /** Values published since creation (muted or not). */
  get valuesPublished(): number {
    return this.valueCount;
  }

  /** Object events published since creation (muted or not). */
  get eventsPublished(): number {
    return this.eventCount;
  }

  /** Whether a published value would reach anyone now (muting considered). */
  get hasValueListeners(): boolean {
    return this.alwaysValues.length > 0 || (!this.isMuted && this.mutableValues.length > 0);
  }

  /** Counts values that were produced while nobody listened (see {@link hasValueListeners}). */
  countValues(n: number): void {
    this.valueCount += n;
  }

  publishValue(tsUs: number, processorIdx: number, streamId: number, nameIdx: number, value: number): void {
    this.valueCount++;
    const always = this.alwaysValues;
    for (let k = 0; k < always.length; k++) {
      (always[k] as ValueListener).onValue(tsUs, processorIdx, streamId, nameIdx, value);
    }
    if (this.isMuted) return;
    const mutable = this.mutableValues;
    for (let k = 0; k < mutable.length; k++) {
      (mutable[k] as ValueListener).onValue(tsUs, processorIdx, streamId, nameIdx, value);
    }
  }

  /**
   * Publishes the values a kernel run produced for events `from` up to `to` (exclusive) of its
   * batch: one run per processor, in processor order. Their publication order is by event, then
   * by run. A listener with `onRuns` gets them in one call; the others get `onValue` for each
   * value in that order (each listener all of the run's values before the next listener).
   */
  publishRuns(runs: readonly ValueRun[], from: number, to: number): void {
    this.valueCount += valuesIn(runs);
    for (const l of this.alwaysValues) deliverRuns(l, runs, from, to);
    if (this.isMuted) return;
    for (const l of this.mutableValues) deliverRuns(l, runs, from, to);
  }

  publish(event: BusEvent): void {
    this.eventCount++;
    for (const l of this.alwaysEvents) l(event);
    if (this.isMuted) return;
    for (const l of this.mutableEvents) l(event);
  }

  /** Subscribes to numeric values; returns the unsubscribe function. */
  subscribeValues(listener: ValueListener, options: SubscribeOptions = {}): () => void {
    const always = options.always === true;
    if (always) this.alwaysValues = [...this.alwaysValues, listener];
    else this.mutableValues = [...this.mutableValues, listener];
    return () => {
      if (always) this.alwaysValues = this.alwaysValues.filter((l) => l !== listener);
      else this.mutableValues = this.mutableValues.filter((l) => l !== listener);
    };
  }

  /** Subscribes to object events; returns the unsubscribe function. */
  subscribe(listener: BusEventListener, options: SubscribeOptions = {}): () => void {
    const always = options.always === true;
    if (always) this.alwaysEvents = [...this.alwaysEvents, listener];
    else this.mutableEvents = [...this.mutableEvents, listener];
    return () => {
      if (always) this.alwaysEvents = this.alwaysEvents.filter((l) => l !== listener);
      else this.mutableEvents = this.mutableEvents.filter((l) => l !== listener);
    };
  }
}

function deliverRuns(listener: ValueListener, runs: readonly ValueRun[], from: number, to: number): void {
  if (listener.onRuns === undefined) forEachValueInOrder(runs, from, to, listener);
  else listener.onRuns(runs, from, to);
}
