import type { TsUs } from '../core/brand';

/**
 * The engine's only source of "now". Replay advances a {@link SimClock}; live sessions use the
 * wall clock (which lives under a `node/` folder). Engine code never reads ambient time.
 */
export interface Clock {
  /** Current time, integer µs since the Unix epoch (UTC). */
  nowUs(): TsUs;
}

/** A callback fired by a timer, at its due time in the clock's time (µs since the epoch). */
export type TimerCallback = (dueUs: TsUs) => void;

/** Cancels a scheduled timer. Idempotent: cancelling twice, or after a one-shot fired, is a no-op. */
export interface TimerHandle {
  cancel(): void;
}

/** Schedules callbacks in the clock's time. */
export interface Scheduler {
  /** Fires `fn` once when the clock reaches `atUs` (µs since the epoch). */
  scheduleAt(atUs: TsUs, fn: TimerCallback): TimerHandle;
  /** Fires `fn` every `intervalUs` µs, first at now + interval. `intervalUs` must be > 0. */
  scheduleEvery(intervalUs: number, fn: TimerCallback): TimerHandle;
}

/** A clock that can also schedule timers (what the kernel needs). */
export interface SchedulingClock extends Clock, Scheduler {}
