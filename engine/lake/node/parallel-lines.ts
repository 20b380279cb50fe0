import { availableParallelism } from 'node:os';
import { TickbenchError } from '../../core/errors';
import type { BlockLineParser } from './formats/parser';
import type { ParsedBlock } from './formats/block-scan';
import { readBlocks, splitLines, type BlockReadOptions, type LineReadResult } from './line-reader';
import { startParsePool, type ParsePool, type ScannedBlock } from './parse-pool';

/**
 * Files smaller than this (stored bytes; gzip counted ×{@link GZIP_RATIO}) are parsed on the
 * importing thread: a worker's start (~30 ms) and the block hand-over cost more than they save.
 */
export const PARALLEL_MIN_BYTES = 16 << 20;
/** A rough text-to-gzip ratio of exchange CSVs, to size gzip files for the threshold. */
const GZIP_RATIO = 5;

/**
 * Parse threads for an import: `TICKBENCH_PARSE_THREADS` when set (0 = none), else one per
 * core (the importing thread only stages, ~1/3 of the work per row, so it shares a core).
 */
export function parseThreadCount(): number {
  const env = process.env.TICKBENCH_PARSE_THREADS;
  if (env !== undefined && /^\d+$/.test(env)) return Math.min(Number(env), 16);
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/** True when a file of `bytes` stored bytes is worth parse threads. */
export function worthThreads(bytes: number, gzip: boolean): boolean {
  return bytes * (gzip ? GZIP_RATIO : 1) >= PARALLEL_MIN_BYTES;
}

export interface ParallelLinesOptions extends BlockReadOptions {
  /** The parse worker script, or `'in-thread'` (the same block path on this thread, for tests). */
  readonly scanner: URL | 'in-thread';
  /** Parse workers to start (at least one). */
  readonly threads: number;
}

/**
 * Reads a file into `parser` as {@link readLines} does — the same lines in the same order, so
 * the same staged rows, rejects and statistics — but with the byte parsing of plain lines on
 * parse workers: the first block (with the header) goes through `onLine`; then, when the parser
 * has a block plan, each block is copied to shared memory, scanned by a worker, and staged here
 * in file order (`onBlock`). At most `2 × threads + 1` blocks are in flight, so memory stays
 * bounded whatever the file's size; the workers are stopped when the read ends, fails or is
 * cancelled.
 */
export async function readLinesParallel(
  path: string,
  parser: BlockLineParser,
  options: ParallelLinesOptions,
): Promise<LineReadResult> {
  let line = 0;
  let pool: ParsePool | undefined;
  let planAsked = false;
  const queue: Promise<ScannedBlock>[] = [];
  // Staged blocks' memory, filled again by later blocks: no allocation (and collection) per block.
  const freeBytes: ArrayBuffer[] = [];
  const freeBlocks: ParsedBlock[] = [];
  const maxInFlight = 2 * Math.max(1, options.threads) + 1;
  const onLine = (b: Buffer, s: number, e: number, l: number): void => {
    parser.onLine(b, s, e, l);
  };
  const stageNext = async (): Promise<void> => {
    const q = queue.shift();
    if (q === undefined) return;
    const { bytes, length, block } = await q;
    parser.onBlock(Buffer.from(bytes, 0, length), block, line + 1);
    line += block.lines;
    freeBytes.push(bytes);
    freeBlocks.push(block);
  };
  const blockBuffer = (length: number): Buffer => {
    let bytes = freeBytes.pop();
    if (bytes === undefined || bytes.byteLength < length)
      bytes = new ArrayBuffer(Math.max(length, (options.chunkBytes ?? 1 << 20) + (64 << 10)));
    return Buffer.from(bytes, 0, length);
  };
  try {
    const read = await readBlocks(
      path,
      async (block) => {
        if (pool === undefined && !planAsked && line > 0) {
          planAsked = true;
          const plan = parser.blockPlan();
          if (plan !== undefined) pool = startParsePool(plan, options.scanner, options.threads, path);
        }
        if (pool === undefined) {
          line = splitLines(block, line, onLine);
          return;
        }
        if (!(block.buffer instanceof ArrayBuffer) || block.byteOffset !== 0)
          throw new TickbenchError('internal', `${path}: a block is not at the start of its own buffer`);
        // The block's memory moves to the worker and comes back with the scan.
        queue.push(pool.parse(block.buffer, block.length, freeBlocks.pop()));
        while (queue.length >= maxInFlight) await stageNext();
      },
      // Each block is copied once, into a buffer of its own that can move between threads.
      { ...options, blockBuffer, linesDone: () => line },
    );
    while (queue.length > 0) await stageNext();
    return { ...read, lines: line };
  } finally {
    await pool?.close();
  }
}
