// Entry of the reader thread (bundled as dist/node/merge-worker.mjs): reads datasets from
// their Parquet files with its own DuckDB instance, merges them by replay key (the same
// `mergeSources` as in-thread reads, its core in WebAssembly where the bundle has merge.wasm)
// straight into shared-memory slots, and announces them.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { DuckDBInstance } from '@duckdb/node-api';
import { TickbenchError, errorMessage } from '../../core/errors';
import { threadCpuUs } from '../../core/node/thread-cpu';
import { WasmHeap } from '../../core/node/wasm-heap';
import { eventBatchBytes, eventBatchOver } from '../../model/batch-layout';
import type { EventBatch } from '../../model/events';
import { mergeSources } from '../../replay/merge';
import { bundledMergeModule, wasmMergeCore } from '../../replay/node/wasm-merge-core';
import { datasetSource, planColumns } from './dataset-source';
import type { FromMergeWorker, MergeWorkerInit, ToMergeWorker } from './merge-worker-protocol';

async function run(port: MessagePort, init: MergeWorkerInit): Promise<void> {
  const post = (m: FromMergeWorker): void => {
    port.postMessage(m);
  };
  const heap = new WasmHeap(init.memory, init.heapStart);
  const slots = init.slots.map((at) => eventBatchOver(heap.buffer, init.capacity, at));
  // After a stop the merge fills this batch instead, and the drain ends at its next batch.
  const scratchAt = heap.alloc(eventBatchBytes(init.capacity));
  const scratch = eventBatchOver(heap.buffer, init.capacity, scratchAt);
  const wasm = bundledMergeModule();
  const core = wasm === undefined ? undefined : wasmMergeCore(wasm, heap, [...slots, scratch]);
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
  // The slot the merge is filling (handed out by `output`, announced once yielded).
  let filling = -1;
  const output = async (): Promise<EventBatch> => {
    while (free.length === 0 && !state.stopped)
      await new Promise<void>((r) => {
        waiting.push(r);
      });
    const slot = state.stopped ? undefined : free.shift();
    const target = slot === undefined ? undefined : slots[slot];
    if (slot === undefined || target === undefined) {
      filling = -1;
      return scratch;
    }
    filling = slot;
    return target;
  };
  // The Parquet files are immutable once listed in the catalog: a private in-memory instance
  // reads them without touching the lake's single-writer catalog.
  const instance = await DuckDBInstance.create(':memory:');
  const sources = init.plans.map((p) => datasetSource(p, () => instance.connect()));
  const merged = mergeSources(sources, {
    capacity: init.capacity,
    output,
    columns: planColumns(init.plans),
    ...(core === undefined ? {} : { core }),
  });
  /** Announces every merged batch (already in its slot); false once the caller has stopped. */
  const drain = async (): Promise<boolean> => {
    const signal = {
      get aborted(): boolean {
        return state.stopped;
      },
    };
    for await (const batch of merged.batches(signal)) {
      if (state.stopped || filling < 0) return false;
      post({ type: 'batch', slot: filling, length: batch.length });
    }
    return true;
  };
  try {
    if (!(await drain())) return;
    post({ type: 'end', threadCpuUs: threadCpuUs() });
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
