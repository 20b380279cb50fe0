import { Worker } from 'node:worker_threads';
import type { CancelSignal } from '../../core/cancel';
import { CancelledError, TickbenchError } from '../../core/errors';
import { eventBatchBytes, eventBatchOver } from '../../model/batch-layout';
import type { EventBatch, EventSource } from '../../model/events';
import { createSharedMemory } from '../../core/node/wasm-heap';
import { bundledScriptUrl } from './bundled-script';
import type { ReadPlan } from './dataset-source';
import type { FromMergeWorker, MergeWorkerInit, ToMergeWorker } from './merge-worker-protocol';

/** Reads of fewer events than this stay in-thread under the `auto` reader choice. */
export const AUTO_WORKER_MIN_EVENTS = 1_000_000;

/** Where a replay reads and merges: `auto` = on the reader thread from {@link AUTO_WORKER_MIN_EVENTS} events. */
export type ReaderChoice = 'auto' | 'inline' | 'thread';

/** The read options of a reader choice (the thread only where the bundle has its script). */
export function readerOptions(choice: ReaderChoice): { worker: URL | undefined; workerMinEvents: number } {
  const worker = choice === 'inline' ? undefined : mergeWorkerUrl();
  return { worker, workerMinEvents: choice === 'auto' ? AUTO_WORKER_MIN_EVENTS : 0 };
}

/** Batches in flight between the reader thread and its consumer. */
const SLOTS = 4;

/**
 * The reader thread's script next to the running bundle (`dist/node/merge-worker.mjs`), or
 * undefined where there is none (sources run by a test runner, the CommonJS Electron bundle):
 * callers then read in-thread, with the same batches.
 */
export function mergeWorkerUrl(): URL | undefined {
  return bundledScriptUrl('merge-worker.mjs');
}

/**
 * Reads the planned datasets on a worker thread (`script`, see {@link mergeWorkerUrl}) and
 * yields its batches, which live in shared memory: the calling thread spends nothing on
 * reading or merging. The batches are the ones an in-thread `mergeSources` over the same plans
 * yields, in the same order and sizes.
 */
export function openWorkerSource(
  plans: readonly ReadPlan[],
  capacity: number,
  script: URL,
): EventSource & { close(): Promise<void>; readerThreadCpuUs(): number } {
  let total = 0;
  for (const p of plans) total += p.total;
  let running: Thread | undefined;
  let cpuUs = Number.NaN;
  return {
    streams: plans.map((p) => p.stream),
    totalEvents: total,
    readerThreadCpuUs: () => cpuUs,
    async *batches(signal?: CancelSignal): AsyncIterable<EventBatch> {
      const init = slotLayout(plans, capacity);
      const views = init.slots.map((at) => eventBatchOver(init.memory.buffer, capacity, at));
      const thread = startThread(script, init);
      running = thread;
      try {
        for (;;) {
          if (signal?.aborted === true) throw new CancelledError('replay read');
          const m = await thread.next();
          switch (m.type) {
            case 'batch': {
              const batch = views[m.slot];
              if (batch === undefined)
                throw new TickbenchError('internal', `replay reader thread sent slot ${m.slot}`);
              batch.length = m.length;
              yield batch;
              thread.send({ type: 'free', slot: m.slot });
              break;
            }
            case 'end':
              cpuUs = m.threadCpuUs;
              return;
            case 'error':
              throw new TickbenchError(m.code, m.message);
          }
        }
      } finally {
        running = undefined;
        await thread.stop();
      }
    },
    async close() {
      const t = running;
      running = undefined;
      await t?.stop();
    },
  };
}

/**
 * Bytes left at the start of the shared memory: the merge module's own data, were it ever to
 * have some (it has none now; a module's static data sits at the bottom of its memory).
 */
const MODULE_DATA_BYTES = 65_536;

/**
 * The shared memory of a read and its slots' places: {@link SLOTS} batches after
 * {@link MODULE_DATA_BYTES}, the reader thread's own allocations after them.
 */
function slotLayout(plans: readonly ReadPlan[], capacity: number): MergeWorkerInit {
  const bytes = Math.ceil(eventBatchBytes(capacity) / 16) * 16;
  const slots = Array.from({ length: SLOTS }, (_, i) => MODULE_DATA_BYTES + i * bytes);
  const heapStart = MODULE_DATA_BYTES + SLOTS * bytes;
  return { plans, capacity, memory: createSharedMemory(heapStart), slots, heapStart };
}

/** How long a reader thread gets to close DuckDB and exit after a stop before it is killed. */
const STOP_GRACE_MS = 30_000;

interface Thread {
  /** The next message of the thread (rejects when it failed or exited early). */
  next(): Promise<FromMergeWorker>;
  send(m: ToMergeWorker): void;
  /**
   * Asks the thread to stop and waits until it has closed its DuckDB instance and exited.
   * A thread is never terminated with DuckDB work in flight: that aborts the whole process
   * (a native callback into a dead thread); `terminate` is only the last resort after
   * {@link STOP_GRACE_MS}.
   */
  stop(): Promise<void>;
}

function startThread(script: URL, init: MergeWorkerInit): Thread {
  const worker = new Worker(script, { workerData: init });
  const inbox: FromMergeWorker[] = [];
  let failure: Error | undefined;
  let alive = true;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      alive = false;
      failure ??= new TickbenchError('internal', `replay reader thread exited (code ${code}) before the end`);
      notify();
      resolve();
    });
  });
  worker.on('message', (m: FromMergeWorker) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure ??= e;
    notify();
  });
  const send = (m: ToMergeWorker): void => {
    if (alive) worker.postMessage(m);
  };
  return {
    async next() {
      for (;;) {
        const m = inbox.shift();
        if (m !== undefined) return m;
        if (failure !== undefined) throw failure;
        await new Promise<void>((r) => {
          wake = r;
        });
      }
    },
    send,
    async stop() {
      send({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
