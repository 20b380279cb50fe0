import type { CancelSignal } from '../core/cancel';
import { invalidArgument } from '../core/errors';
import type { EventBatch, EventSource } from '../model/events';
import type { Kernel } from '../kernel/kernel';
import { replayKey } from './merge';
import type { Pacer } from './pacer';

/** `max`: as fast as possible; a number: that multiple of real time (0.1 … 1000). */
export type ReplaySpeed = number | 'max';

export type ReplayState = 'idle' | 'running' | 'paused' | 'done' | 'stopped';

/** Progress of a replay, reported every `progressEveryEvents` events and at the end. */
export interface ReplayProgress {
  readonly state: ReplayState;
  /** Replay time of the last processed event, µs since the epoch (NaN before the first). */
  readonly simTimeUs: number;
  /** Events processed by the current kernel (a backward seek restarts the count). */
  readonly events: number;
  readonly totalEvents: number | undefined;
  /** events / totalEvents (NaN when the total is unknown). */
  readonly fraction: number;
  /** Kernel throughput since the previous report, events per wall second (NaN without a clock). */
  readonly eventsPerSec: number;
}

export interface ReplayControllerOptions {
  readonly source: EventSource;
  /** Builds a fresh kernel: at start, and again when seeking backwards (replay from the start). */
  readonly makeKernel: () => Kernel;
  readonly speed?: ReplaySpeed;
  /** Wall clock and sleep: required for a numeric speed; at max speed, used to yield to the host. */
  readonly pacer?: Pacer;
  readonly signal?: CancelSignal;
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Default 1 000 000. */
  readonly progressEveryEvents?: number;
  /** Start paused (then use `step`, `seek` or `resume`). */
  readonly startPaused?: boolean;
  /** At max speed, yield to the host (pacer.sleep(0)) after this much wall time, ms (default 50). */
  readonly yieldEveryMs?: number;
}

/** Longest single sleep while pacing, ms: keeps pause/stop/speed changes responsive. */
const MAX_SLEEP_MS = 50;

export function validateSpeed(speed: ReplaySpeed): ReplaySpeed {
  if (speed === 'max') return speed;
  if (!(Number.isFinite(speed) && speed >= 0.1 && speed <= 1000)) {
    invalidArgument('speed', speed, "'max' or a multiple of real time in [0.1, 1000]");
  }
  return speed;
}

/**
 * Drives a kernel from an event source: as fast as possible or paced at N× real time, with
 * pause/resume, step N events, seek, and stop.
 *
 * Seek semantics: a forward seek processes every event before the target time with the bus
 * muted — processors consume them, so their state is what a full replay would have at that
 * time, but output sinks see nothing — and the event at or after the target is the first one
 * emitted normally. A backward seek replays from the start of the source with a fresh kernel
 * (`makeKernel`), then seeks forward the same way. Seeking keeps the paused/running state.
 *
 * Determinism: the same events reach the kernel in the same order whatever the speed, pauses
 * or steps; pacing only decides when. Timers fire in simulated time.
 */
export class ReplayController {
  private readonly opts: ReplayControllerOptions;
  private speed: ReplaySpeed;
  private current: Kernel | undefined;
  private status: ReplayState = 'idle';
  private pausedFlag: boolean;
  private stopFlag = false;
  private stepBudget = 0;
  private seekTarget: number | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly stepWaiters: (() => void)[] = [];
  private readonly seekWaiters: (() => void)[] = [];
  /** Pacing anchor: wall ms ↔ simulated µs. NaN: re-anchor at the next event. */
  private anchorWallMs = NaN;
  private anchorSimUs = NaN;
  private received = 0;
  private lastProgressAt = 0;

  constructor(options: ReplayControllerOptions) {
    this.opts = options;
    this.speed = validateSpeed(options.speed ?? 'max');
    if (this.speed !== 'max' && options.pacer === undefined) {
      invalidArgument('pacer', undefined, 'a Pacer when the speed is a multiple of real time');
    }
    this.pausedFlag = options.startPaused === true;
  }

  get state(): ReplayState {
    return this.status;
  }

  /** The kernel being driven (a new one after a backward seek). */
  get kernel(): Kernel | undefined {
    return this.current;
  }

  /** Pauses after the event being processed. */
  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    this.anchorWallMs = NaN;
    this.wake();
  }

  /** Changes the speed; pacing re-anchors at the next event. */
  setSpeed(speed: ReplaySpeed): void {
    this.speed = validateSpeed(speed);
    if (this.speed !== 'max' && this.opts.pacer === undefined) {
      invalidArgument('pacer', undefined, 'a Pacer when the speed is a multiple of real time');
    }
    this.anchorWallMs = NaN;
  }

  /**
   * Pauses, then processes the next `n` events; resolves when they are processed (or the source
   * ended, or the replay stopped).
   */
  step(n: number): Promise<void> {
    this.pausedFlag = true;
    this.stepBudget += Math.max(0, Math.floor(n));
    return new Promise<void>((resolve) => {
      this.stepWaiters.push(resolve);
      this.wake();
    });
  }

  /** Seeks to `tsUs` (replay time, µs since the epoch); resolves when the seek is done. */
  seek(tsUs: number): Promise<void> {
    this.seekTarget = tsUs;
    return new Promise<void>((resolve) => {
      this.seekWaiters.push(resolve);
      this.wake();
    });
  }

  /** Stops the replay; `run` resolves with state `stopped`. */
  stop(): void {
    this.stopFlag = true;
    this.wake();
  }

  /** Runs until the source ends or the replay is stopped; returns the final state. */
  async run(): Promise<ReplayState> {
    this.status = this.pausedFlag ? 'paused' : 'running';
    this.current = this.opts.makeKernel();
    for (;;) {
      const outcome = await this.pass(this.current);
      if (outcome !== 'restart') {
        this.status = outcome;
        break;
      }
      this.current = this.opts.makeKernel();
    }
    // Pending steps and a seek past the end are over too.
    this.current.bus.setMuted(false);
    this.seekTarget = undefined;
    this.flush(this.stepWaiters);
    this.flush(this.seekWaiters);
    this.report(true);
    return this.status;
  }

  /** One pass over the source. */
  private async pass(kernel: Kernel): Promise<'done' | 'stopped' | 'restart'> {
    this.received = 0;
    this.lastProgressAt = 0;
    this.anchorWallMs = NaN;
    const it = this.opts.source.batches(this.opts.signal)[Symbol.asyncIterator]();
    try {
      for (;;) {
        if (this.shouldStop()) return 'stopped';
        const r = await it.next();
        if (r.done === true) return 'done';
        const batch = r.value;
        this.received += batch.length;
        const outcome = await this.drain(kernel, batch);
        if (outcome !== undefined) return outcome;
      }
    } finally {
      await it.return?.();
    }
  }

  /** Processes one batch under the current controls. */
  private async drain(kernel: Kernel, batch: EventBatch): Promise<'stopped' | 'restart' | undefined> {
    const n = batch.length;
    let i = 0;
    let lastYieldMs = this.opts.pacer?.nowMs() ?? NaN;
    while (i < n) {
      if (this.shouldStop()) return 'stopped';
      const target = this.seekTarget;
      const last = kernel.lastTsUs;
      if (target !== undefined && last === last && target < last) return 'restart';
      let end = n;
      if (target !== undefined) {
        kernel.bus.setMuted(true);
        end = firstAtOrAfter(batch, i, n, target);
        if (end === i) {
          this.endSeek(kernel);
          continue;
        }
      } else if (this.pausedFlag) {
        if (this.stepBudget === 0) {
          this.status = 'paused';
          await this.sleepUntilWoken();
          continue;
        }
        end = Math.min(n, i + this.stepBudget);
      } else if (this.speed !== 'max') {
        end = await this.pacedEnd(batch, i, n, this.speed);
        if (end === i) continue;
      }
      this.status = this.pausedFlag ? 'paused' : 'running';
      kernel.processRange(batch, i, end);
      kernel.monitor.setLag(this.received - kernel.events);
      if (target === undefined && this.pausedFlag) {
        this.stepBudget -= end - i;
        if (this.stepBudget === 0) this.flush(this.stepWaiters);
      }
      i = end;
      if (target !== undefined && i < n) this.endSeek(kernel);
      if (kernel.events - this.lastProgressAt >= (this.opts.progressEveryEvents ?? 1_000_000))
        this.report(false);
      const pacer = this.opts.pacer;
      if (pacer !== undefined && this.speed === 'max') {
        const now = pacer.nowMs();
        if (now - lastYieldMs >= (this.opts.yieldEveryMs ?? 50)) {
          await pacer.sleep(0);
          lastYieldMs = pacer.nowMs();
        }
      }
    }
    return undefined;
  }

  /** At N× real time: how far into the batch the wall clock allows; sleeps if not at all. */
  private async pacedEnd(batch: EventBatch, i: number, n: number, speed: number): Promise<number> {
    const pacer = this.opts.pacer;
    if (pacer === undefined) return n;
    const now = pacer.nowMs();
    if (this.anchorWallMs !== this.anchorWallMs) {
      this.anchorWallMs = now;
      this.anchorSimUs = replayKey(batch, i);
    }
    const allowedSim = this.anchorSimUs + (now - this.anchorWallMs) * 1000 * speed;
    const end = firstAfter(batch, i, n, allowedSim);
    if (end > i) return end;
    const dueMs = this.anchorWallMs + (replayKey(batch, i) - this.anchorSimUs) / 1000 / speed;
    await pacer.sleep(Math.min(MAX_SLEEP_MS, Math.max(0, dueMs - now)));
    return i;
  }

  private endSeek(kernel: Kernel): void {
    this.seekTarget = undefined;
    kernel.bus.setMuted(false);
    this.anchorWallMs = NaN;
    this.flush(this.seekWaiters);
  }

  private shouldStop(): boolean {
    return this.stopFlag || this.opts.signal?.aborted === true;
  }

  private sleepUntilWoken(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeUp = resolve;
    });
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  private flush(waiters: (() => void)[]): void {
    for (const w of waiters.splice(0)) w();
  }

  private report(final: boolean): void {
    const kernel = this.current;
    if (kernel === undefined) return;
    this.lastProgressAt = kernel.events;
    const health = kernel.checkHealth();
    const total = this.opts.source.totalEvents;
    this.opts.onProgress?.({
      state: final ? this.status : this.pausedFlag ? 'paused' : 'running',
      simTimeUs: kernel.lastTsUs,
      events: kernel.events,
      totalEvents: total,
      fraction: total === undefined || total === 0 ? NaN : kernel.events / total,
      eventsPerSec: health.eventsPerSec,
    });
  }
}

/** First index in [i, n) whose replay key is ≥ target (n if none). */
function firstAtOrAfter(batch: EventBatch, i: number, n: number, target: number): number {
  let j = i;
  while (j < n && replayKey(batch, j) < target) j++;
  return j;
}

/** First index in [i, n) whose replay key is > limit (n if none). */
function firstAfter(batch: EventBatch, i: number, n: number, limit: number): number {
  let j = i;
  while (j < n && replayKey(batch, j) <= limit) j++;
  return j;
}
