import type { ErrorCode } from '../../core/errors';
import type { WasmMemory } from '../../core/node/wasm-api';
import type { ReadPlan } from './dataset-source';

/**
 * The reader thread's protocol (plain data only, and one shared memory). The caller lays
 * `slots` batch buffers into a shared WebAssembly memory; the thread fills a free slot with the
 * next batch and announces it; the caller hands the slot back once its consumer has moved on.
 * So at most `slots.length` batches are in flight, and no event is copied between threads. The
 * thread's merge (in WebAssembly where the bundle has `merge.wasm`) keeps its own state in the
 * same memory, from `heapStart` on, and writes the merged rows straight into the slots.
 */
export interface MergeWorkerInit {
  readonly plans: readonly ReadPlan[];
  /** Events per batch (each slot holds one batch of this capacity). */
  readonly capacity: number;
  readonly memory: WasmMemory;
  /** Byte offset of each slot's batch (`eventBatchOver(memory.buffer, capacity, at)`). */
  readonly slots: readonly number[];
  /** The first byte after the slots: the thread allocates from there. */
  readonly heapStart: number;
}

/** Caller → reader thread. */
export type ToMergeWorker = { readonly type: 'free'; readonly slot: number } | { readonly type: 'stop' };

/** Reader thread → caller. */
export type FromMergeWorker =
  | { readonly type: 'batch'; readonly slot: number; readonly length: number }
  /** The read is complete; `threadCpuUs`: the CPU time this thread spent, µs (NaN if unknown). */
  | { readonly type: 'end'; readonly threadCpuUs: number }
  | { readonly type: 'error'; readonly code: ErrorCode; readonly message: string };
