import { availableParallelism } from 'node:os';
import { TickbenchError } from '../../core/errors';
import type { BlockLineParser } from './formats/parser';
import type { ParsedBlock } from './formats/block-scan';
import { createBlockScanner, type BlockScan, type WasmModule } from './formats/wasm-block-scan';
import {
  READ_CHUNK_BYTES,
  readBlocks,
  splitLines,
  type BlockReadOptions,
  type LineReadResult,
} from './line-reader';
import { startParsePool, type ParsePool, type ScannedBlock } from './parse-pool';

/**
 * Files smaller than this (stored bytes; gzip counted ×{@link GZIP_RATIO}) are parsed on the
 * importing thread: a worker’s start (~40 ms to online, measured) and the block hand-over cost more than they save.
 */
export const PARALLEL_MIN_BYTES = 16 << 20;
/** A rough text-to-gzip ratio of exchange CSVs, to size gzip files for the threshold. */
const GZIP_RATIO = 5;

/**
 * Parse threads for an import: `TICKBENCH_PARSE_THREADS` when set (0 = none, the inline path),
 * else one per core but the importing thread's, at least one, at most 4. The importing thread
 * stages, hashes and scans blocks itself whenever it would wait, so it keeps a core busy: on 2
 * cores one worker imported 3.4–3.7 M rows/s at 450–495 ns of CPU per row, two 3.2–3.3 M at
 * ~508 (interleaved runs of `bench lake`).
 */
export function parseThreadCount(): number {
  const env = process.env.TICKBENCH_PARSE_THREADS;
  if (env !== undefined && /^\d+$/.test(env)) return Math.min(Number(env), 16);
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

/** True when a file of `bytes` stored bytes is worth parse threads. */
export function worthThreads(bytes: number, gzip: boolean): boolean {
  return bytes * (gzip ? GZIP_RATIO : 1) >= PARALLEL_MIN_BYTES;
}

export interface ParallelLinesOptions extends BlockReadOptions {
  /** The parse worker script; `'in-thread'`: no worker, every block scanned here (tests). */
  readonly scanner: URL | 'in-thread';
  /** Parse workers to start (at least one; ignored in-thread). */
  readonly threads: number;
  /**
   * The WebAssembly scanner this thread uses for the blocks it scans itself; by default the
   * one next to the bundle (`blockScanModule()`); null: the JavaScript scanner.
   */
  readonly scanModule?: WasmModule | null | undefined;
}

/** A block on its way: its text until it is scanned, then the scan. */
interface Pending {
  readonly bytes: SharedArrayBuffer;
  readonly length: number;
  /** The worker's scan, once the block was handed to one. */
  sent: Promise<ScannedBlock> | undefined;
  done: ScannedBlock | undefined;
}

/** Blocks a worker may hold at once (one being scanned, one waiting: it never idles). */
const PER_WORKER = 2;

/**
 * Reads a file into `parser` as {@link readLines} does — the same lines in the same order, so
 * the same staged rows, rejects and statistics — with the byte parsing of plain lines done by
 * block (`BlockScanner`) and mostly on parse workers. The first block (with the header) goes
 * through `onLine`; then, when the parser has a block plan, blocks are handed to the workers
 * (moved, not copied) oldest first, and staged here in file order (`onBlock`). While the oldest
 * block is still on a worker, this thread scans the newest unsent one itself rather than wait,
 * so on a busy machine it does not idle, and with a free core the workers take most of the
 * scanning. At most `PER_WORKER × threads + 2` blocks are in flight, so memory stays bounded
 * whatever the file's size; the workers are stopped when the read ends, fails or is cancelled.
 */
export async function readLinesParallel(
  path: string,
  parser: BlockLineParser,
  options: ParallelLinesOptions,
): Promise<LineReadResult> {
  let line = 0;
  let pool: ParsePool | undefined;
  let local: BlockScan | undefined;
  let planAsked = false;
  const pending: Pending[] = [];
  // Staged blocks' memory, filled again by later blocks: no allocation (and collection) per block.
  const freeBytes: SharedArrayBuffer[] = [];
  const freeBlocks: ParsedBlock[] = [];
  const workers = options.scanner === 'in-thread' ? 0 : Math.max(1, options.threads);
  const maxInFlight = PER_WORKER * workers + 2;
  const onLine = (b: Buffer, s: number, e: number, l: number): void => {
    parser.onLine(b, s, e, l);
  };
  const send = (): void => {
    if (pool === undefined) return;
    for (const p of pending) {
      if (pool.outstanding() >= PER_WORKER * workers) return;
      if (p.sent !== undefined || p.done !== undefined) continue;
      const sent = pool.parse(p.bytes, p.length, freeBlocks.pop());
      p.sent = sent;
      sent.then(
        (r) => {
          p.done = r;
        },
        () => undefined, // the rejection surfaces where the block is awaited
      );
    }
  };
  const scanHere = (p: Pending, scanner: BlockScan): void => {
    p.done = {
      bytes: p.bytes,
      length: p.length,
      block: scanner.scan(new Uint8Array(p.bytes, 0, p.length), freeBlocks.pop()),
    };
  };
  const scanOf = (p: Pending): ScannedBlock | Promise<ScannedBlock> => {
    if (p.done !== undefined) return p.done;
    if (p.sent !== undefined) return p.sent;
    throw new TickbenchError('internal', `${path}: a block was neither sent nor scanned`);
  };
  const stageNext = async (): Promise<void> => {
    const head = pending[0];
    if (head === undefined || local === undefined) return;
    while (head.done === undefined && head.sent !== undefined) {
      // The oldest block is on a worker: scan the newest unsent one meanwhile.
      const last = pending.findLast((p) => p.sent === undefined && p.done === undefined);
      if (last === undefined) break;
      scanHere(last, local);
    }
    if (head.done === undefined && head.sent === undefined) scanHere(head, local);
    const { bytes, length, block } = await scanOf(head);
    pending.shift();
    parser.onBlock(Buffer.from(bytes, 0, length), block, line + 1);
    line += block.lines;
    freeBytes.push(bytes);
    freeBlocks.push(block);
    send();
  };
  const blockBuffer = (length: number): Buffer => {
    let bytes = freeBytes.pop();
    if (bytes === undefined || bytes.byteLength < length)
      bytes = new SharedArrayBuffer(Math.max(length, (options.chunkBytes ?? READ_CHUNK_BYTES) + (64 << 10)));
    return Buffer.from(bytes, 0, length);
  };
  try {
    const read = await readBlocks(
      path,
      async (block) => {
        if (local === undefined && !planAsked && line > 0) {
          planAsked = true;
          const plan = parser.blockPlan();
          if (plan !== undefined) {
            local = createBlockScanner(plan, options.scanModule);
            if (options.scanner !== 'in-thread') pool = startParsePool(plan, options.scanner, workers, path);
          }
        }
        if (local === undefined) {
          line = splitLines(block, line, onLine);
          return;
        }
        if (!(block.buffer instanceof SharedArrayBuffer) || block.byteOffset !== 0)
          throw new TickbenchError('internal', `${path}: a block is not at the start of its own buffer`);
        pending.push({ bytes: block.buffer, length: block.length, sent: undefined, done: undefined });
        send();
        while (pending.length >= maxInFlight) await stageNext();
      },
      // Each block is copied once, into shared memory of its own that the parse workers read.
      { ...options, blockBuffer, linesDone: () => line },
    );
    while (pending.length > 0) await stageNext();
    return { ...read, lines: line };
  } finally {
    await pool?.close();
  }
}
