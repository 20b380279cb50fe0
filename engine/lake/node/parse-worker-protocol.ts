import type { BlockPlan, ParsedBlock } from './formats/block-scan';

/**
 * The parse workers' protocol (plain data only). A worker gets its file's {@link BlockPlan}
 * once, then blocks of whole lines in shared memory (the importing thread keeps reading them
 * for the general path and reject texts); it answers each with the {@link ParsedBlock}, whose
 * typed arrays are transferred, not copied.
 */
export interface ParseWorkerInit {
  readonly plan: BlockPlan;
}

/** Importing thread → worker: scan `new Uint8Array(buf, 0, length)`. */
export interface ParseRequest {
  readonly id: number;
  readonly buf: SharedArrayBuffer;
  readonly length: number;
  /** A staged block whose (transferred) arrays the scan fills again. */
  readonly reuse: ParsedBlock | undefined;
}

/** Worker → importing thread. */
export type ParseReply =
  { readonly id: number; readonly block: ParsedBlock } | { readonly id: number; readonly error: string };
