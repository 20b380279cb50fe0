// Entry of the reader thread (bundled as dist/node/merge-worker.mjs): reads datasets from
// their Parquet files with its own DuckDB instance, merges them by replay key (the same
// `mergeSources` as in-thread reads) and hands batches over through shared memory.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { TickbenchError, errorMessage } from '../../core/errors';
import { copyBatch, eventBatchOver } from '../../model/batch-layout';
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
  const state: { stopped: boolean; wake: (() => void) | undefined } = { stopped: false, wake: undefined };
  port.on('message', (m: ToMergeWorker) => {
    if (m.type === 'free') free.push(m.slot);
    else state.stopped = true;
    state.wake?.();
    state.wake = undefined;
  });
  // The Parquet files are immutable once listed in the catalog: a private in-memory instance
  // reads them without touching the lake's single-writer catalog.
  const instance = await DuckDBInstance.create(':memory:');
  const sources = init.plans.map((p) => datasetSource(p, () => instance.connect()));
  const signal = {
    get aborted(): boolean {
      return state.stopped;
    },
  };
  try {
    for await (const batch of mergeSources(sources, { capacity: init.capacity }).batches(signal)) {
      while (free.length === 0 && !state.stopped)
        await new Promise<void>((r) => {
          state.wake = r;
        });
      const slot = free.shift();
      if (state.stopped || slot === undefined) return;
      const target = slots[slot];
      if (target === undefined) throw new TickbenchError('internal', `reader thread: no slot ${slot}`);
      copyBatch(batch, target);
      post({ type: 'batch', slot, length: batch.length });
    }
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
