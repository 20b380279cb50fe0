import { randomUUID } from 'node:crypto';
import type { JobKind, JobOutcome, JobTicket } from '../../common/dto';
import { TickbenchError, errorMessage } from '../../../engine/core/errors';
import type { EventHub } from './event-hub';

/** What a job reports while it runs. */
export interface JobReporter {
  progress(phase: string, done: number, total: number | undefined): void;
}

/** The result of a finished job as the UI shows it. */
export interface JobSuccess {
  readonly summary: string;
  readonly datasets: readonly string[];
}

/** How often at most a job's progress is forwarded: faster updates are conflated (latest wins). */
const PROGRESS_INTERVAL_MS = 50;

/**
 * Background jobs of the engine (imports now; replays, backtests later). Each job gets an id and
 * an `AbortController`; progress is conflated and sent as `job.progress`, the end as
 * `job.finished`. The caller gets its ticket at once: the UI never waits on a job.
 */
export class JobRegistry {
  readonly #running = new Map<string, AbortController>();
  readonly #hub: EventHub;

  constructor(hub: EventHub) {
    this.#hub = hub;
  }

  start(kind: JobKind, run: (signal: AbortSignal, report: JobReporter) => Promise<JobSuccess>): JobTicket {
    const jobId = randomUUID();
    const controller = new AbortController();
    this.#running.set(jobId, controller);
    let last = 0;
    let pending: { phase: string; done: number; total: number | undefined } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      timer = undefined;
      if (pending === undefined) return;
      const p = pending;
      pending = undefined;
      last = Date.now();
      this.#hub.emit('job.progress', { jobId, kind, phase: p.phase, done: p.done, total: p.total ?? null });
    };
    const reporter: JobReporter = {
      progress: (phase, done, total) => {
        pending = { phase, done, total };
        const wait = PROGRESS_INTERVAL_MS - (Date.now() - last);
        if (wait <= 0) flush();
        else timer ??= setTimeout(flush, wait);
      },
    };
    const finish = (outcome: JobOutcome): void => {
      if (timer !== undefined) clearTimeout(timer);
      flush();
      this.#running.delete(jobId);
      this.#hub.emit('job.finished', { jobId, kind, outcome });
    };
    // Started on the next tick so the caller has its ticket before the first event.
    setImmediate(() => {
      run(controller.signal, reporter).then(
        (success) => {
          finish({ status: 'done', summary: success.summary, datasets: success.datasets });
        },
        (error: unknown) => {
          if (controller.signal.aborted) finish({ status: 'cancelled' });
          else {
            const code = error instanceof TickbenchError ? error.code : 'internal';
            finish({ status: 'failed', code, message: errorMessage(error) });
          }
        },
      );
    });
    return { jobId, kind };
  }

  /** Cancels a running job; false when no such job runs. */
  cancel(jobId: string): boolean {
    const controller = this.#running.get(jobId);
    if (controller === undefined) return false;
    controller.abort();
    return true;
  }

  /** Cancels every job (on shutdown). */
  cancelAll(): void {
    for (const controller of this.#running.values()) controller.abort();
  }

  get running(): number {
    return this.#running.size;
  }
}
