import type { BlockPlan, ParsedBlock } from './formats/block-scan';

/**
 * The parse workers' protocol (plain data only). A worker gets its file's {@link BlockPlan}
 * once, then blocks of whole lines; it answers each with the {@link ParsedBlock} and the
 * block's text (which the importing thread needs for the general path and reject texts). All
 * buffers are shared memory, neither copied nor transferred (a transfer detaches, see
 * `blockArrays`).
 */
export interface ParseWorkerInit {
  readonly plan: BlockPlan;
}

/** Importing thread → worker: scan `new Uint8Array(bytes, 0, length)`. */
export interface ParseRequest {
  readonly id: number;
  readonly bytes: SharedArrayBuffer;
  readonly length: number;
  /** A staged block whose (shared) arrays the scan fills again. */
  readonly reuse: ParsedBlock | undefined;
}

/** Worker → importing thread. */
export type ParseReply =
  | {
      readonly id: number;
      readonly bytes: SharedArrayBuffer;
      readonly length: number;
      readonly block: ParsedBlock;
    }
  | { readonly id: number; readonly error: string };
