import type { ErrorCode } from '../../core/errors';
import type { ReadPlan } from './dataset-source';

/**
 * The reader thread's protocol (plain data only). The caller allocates `slots` shared batch
 * buffers; the thread fills a free slot with the next batch and announces it; the caller
 * hands the slot back once its consumer has moved on. So at most `slots.length` batches are
 * in flight, and no event is copied between threads.
 */
export interface MergeWorkerInit {
  readonly plans: readonly ReadPlan[];
  /** Events per batch (each slot holds one batch of this capacity). */
  readonly capacity: number;
  readonly slots: readonly SharedArrayBuffer[];
}

/** Caller → reader thread. */
export type ToMergeWorker = { readonly type: 'free'; readonly slot: number } | { readonly type: 'stop' };

/** Reader thread → caller. */
export type FromMergeWorker =
  | { readonly type: 'batch'; readonly slot: number; readonly length: number }
  /** The read is complete; `threadCpuUs`: the CPU time this thread spent, µs (NaN if unknown). */
  | { readonly type: 'end'; readonly threadCpuUs: number }
  | { readonly type: 'error'; readonly code: ErrorCode; readonly message: string };
