import { type TsUs, tsUs } from '../core/brand';
import { invalidArgument } from '../core/errors';
import type { SchedulingClock, TimerCallback, TimerHandle } from './clock';
import { type TimerEntry, TimerHeap } from './timer-heap';

/**
 * Simulated time for replay. Replay calls {@link SimClock.advanceTo} with each event's time;
 * timers due on the way fire in time order (stable for equal times), each seeing `nowUs()` equal
 * to its own due time. The clock never goes backwards: advancing to an earlier time is a no-op
 * for the time itself (timers already due still fire).
 */
export class SimClock implements SchedulingClock {
  private now: number;
  private seq = 0;
  private readonly heap = new TimerHeap();

  /** @param startUs initial time, µs since the epoch (0 until the first event, by default). */
  constructor(startUs = 0) {
    this.now = startUs;
  }

  nowUs(): TsUs {
    return tsUs(this.now);
  }

  /** Number of live or cancelled timers still queued (cancelled ones are dropped lazily). */
  get pendingTimers(): number {
    return this.heap.size;
  }

  /**
   * Moves time forward to `targetUs` (µs since the epoch), firing every timer due at or before
   * it. Cheap when no timer is due: this runs once per replayed event.
   */
  advanceTo(targetUs: number): void {
    const target = targetUs > this.now ? targetUs : this.now;
    const top = this.heap.peek();
    if (top === undefined || top.dueUs > target) {
      this.now = target;
      return;
    }
    this.fireUntil(target);
    this.now = target;
  }

  /**
   * Due time of the next timer, µs since the epoch (Infinity when none). A cancelled timer may
   * still count until it is dropped: an early answer only makes callers check sooner.
   */
  nextDueUs(): number {
    return this.heap.peek()?.dueUs ?? Infinity;
  }

  scheduleAt(atUs: TsUs, fn: TimerCallback): TimerHandle {
    if (!Number.isFinite(atUs)) invalidArgument('scheduleAt atUs', atUs, 'a finite µs timestamp');
    return this.add(atUs, 0, fn);
  }

  scheduleEvery(intervalUs: number, fn: TimerCallback): TimerHandle {
    if (!Number.isFinite(intervalUs) || intervalUs <= 0) {
      invalidArgument('scheduleEvery intervalUs', intervalUs, 'a finite number of µs > 0');
    }
    return this.add(this.now + intervalUs, intervalUs, fn);
  }

  private add(dueUs: number, intervalUs: number, fn: TimerCallback): TimerHandle {
    const entry: TimerEntry = { dueUs, seq: this.seq++, intervalUs, fn, cancelled: false };
    this.heap.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  private fireUntil(target: number): void {
    for (;;) {
      const top = this.heap.peek();
      if (top === undefined || top.dueUs > target) return;
      this.heap.pop();
      if (top.cancelled) continue;
      const due = top.dueUs;
      if (due > this.now) this.now = due;
      // Re-queue a periodic timer before calling it, so a throwing callback does not lose it.
      if (top.intervalUs > 0) {
        top.dueUs = due + top.intervalUs;
        top.seq = this.seq++;
        this.heap.push(top);
      }
      top.fn(tsUs(due));
    }
  }
}
