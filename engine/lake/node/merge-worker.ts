// Entry of the reader thread (bundled as dist/node/merge-worker.mjs): reads datasets from
// their Parquet files with its own DuckDB instance, merges them by replay key (the same
// `mergeSources` as in-thread reads), and hands batches over through shared memory.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { TickbenchError, errorMessage } from '../../core/errors';
import { copyBatch, eventBatchOver } from '../../model/batch-layout';
import type { EventBatch, EventSource } from '../../model/events';
import { mergeSources } from '../../replay/merge';
import { datasetSource } from './dataset-source';
import type { FromMergeWorker, MergeWorkerInit, ToMergeWorker } from './merge-worker-protocol';

async function run(port: MessagePort, init: MergeWorkerInit): Promise<void> {
  const post = (m: FromMergeWorker): void => {
    port.postMessage(m);
  };
  const slots = init.slots.map((b) => eventBatchOver(b, init.capacity));
  const free: number[] = slots.map((_, i) => i);
  // Written by the message handler while the read awaits: an object, not a narrowed local.
  const state = { stopped: false };
  // Lanes waiting for a free slot (or for the stop).
  const waiting: (() => void)[] = [];
  port.on('message', (m: ToMergeWorker) => {
    if (m.type === 'free') free.push(m.slot);
    else state.stopped = true;
    for (const wake of waiting.splice(0)) wake();
  });
  /** Copies `batch` into a free slot and announces it; false once the caller has stopped. */
  const forward = async (batch: EventBatch): Promise<boolean> => {
    while (free.length === 0 && !state.stopped)
      await new Promise<void>((r) => {
        waiting.push(r);
      });
    const slot = free.shift();
    if (state.stopped || slot === undefined) return false;
    const target = slots[slot];
    if (target === undefined) throw new TickbenchError('internal', `reader thread: no slot ${slot}`);
    copyBatch(batch, target);
    post({ type: 'batch', slot, length: batch.length });
    return true;
  };
  // The Parquet files are immutable once listed in the catalog: a private in-memory instance
  // reads them without touching the lake's single-writer catalog.
  const instance = await DuckDBInstance.create(':memory:');
  const sources = init.plans.map((p) => datasetSource(p, () => instance.connect()));
  /** Forwards every batch of `source`; false once the caller has stopped. */
  const drain = async (source: EventSource): Promise<boolean> => {
    const signal = {
      get aborted(): boolean {
        return state.stopped;
      },
    };
    for await (const batch of source.batches(signal)) if (!(await forward(batch))) return false;
    return true;
  };
  try {
    if (!(await drain(mergeSources(sources, { capacity: init.capacity })))) return;
    post({ type: 'end' });
  } catch (error) {
    if (!state.stopped)
      post({
        type: 'error',
        code: error instanceof TickbenchError ? error.code : 'io',
        message: errorMessage(error),
      });
  } finally {
    for (const s of sources) await s.close();
    instance.closeSync();
    port.close();
  }
}

if (parentPort !== null) void run(parentPort, workerData as MergeWorkerInit);
