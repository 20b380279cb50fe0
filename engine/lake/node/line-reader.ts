import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { CancelledError, TickbenchError, errorMessage } from '../../core/errors';

/** Called once per line: bytes `buf[start, end)` (no newline, no trailing CR); `line` is 1-based. */
export type LineHandler = (buf: Buffer, start: number, end: number, line: number) => void;

export interface LineReadResult {
  readonly lines: number;
  /** sha256 of the file as stored (compressed bytes for .gz). */
  readonly sha256: string;
  readonly bytes: number;
  readonly gzip: boolean;
}

export interface LineReadOptions {
  readonly signal?: AbortSignal | undefined;
  /** Called after each chunk with bytes of the stored file consumed so far. */
  readonly onBytes?: ((done: number, total: number) => void) | undefined;
  /** Awaited after each chunk's lines (lets consumers do async work, e.g. create tables). */
  readonly afterChunk?: (() => Promise<void>) | undefined;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** True when the buffer starts with the gzip magic bytes. */
export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
}

/** What {@link readBlocks} read: the stored file's size and hash. */
export interface BlockReadResult {
  /** sha256 of the file as stored (compressed bytes for .gz). */
  readonly sha256: string;
  readonly bytes: number;
  readonly gzip: boolean;
}

/** Bytes per read of the stored file (and per gzip output chunk) unless told otherwise. */
export const READ_CHUNK_BYTES = 1 << 20;

export interface BlockReadOptions extends LineReadOptions {
  /** Bytes per read of the stored file (and per gzip output chunk); {@link READ_CHUNK_BYTES} by default. */
  readonly chunkBytes?: number | undefined;
  /**
   * Where each block is assembled (`bytes` long; its contents are then the block): one copy of
   * the read bytes. By default a block is a view of the read chunk where it can be.
   */
  readonly blockBuffer?: ((bytes: number) => Buffer) | undefined;
  /** Lines consumed so far, for error messages ("after line N"). */
  readonly linesDone?: (() => number) | undefined;
}

/** True when the file starts with the gzip magic bytes. */
export function isGzipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return isGzip(head.subarray(0, readSync(fd, head, 0, 2, 0)));
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams a (possibly gzip-compressed) text file as blocks of whole lines with bounded memory,
 * hashing the stored bytes on the way. Every block but the last ends with a newline; the last
 * one may hold a final line without newline. `onBlock` is awaited before the next read (its
 * promise is the back-pressure), and the block's memory is the caller's to keep. A truncated
 * gzip stream is an error naming the file and the last complete line, never a silent short read.
 */
export async function readBlocks(
  path: string,
  onBlock: (block: Buffer) => void | Promise<void>,
  options: BlockReadOptions = {},
): Promise<BlockReadResult> {
  const total = statSync(path).size;
  const chunkBytes = options.chunkBytes ?? READ_CHUNK_BYTES;
  const hash = createHash('sha256');
  const raw = createReadStream(path, { highWaterMark: chunkBytes });
  let consumed = 0;
  let text: Readable = raw;
  // Decide gzip from the first bytes, not the name: users rename files.
  const firstChunk = await new Promise<Buffer | null>((resolve, reject) => {
    raw.once('readable', () => {
      const c = raw.read(2) as Buffer | null;
      resolve(c);
    });
    raw.once('error', reject);
  }).catch((error: unknown) => {
    throw new TickbenchError('io', `${path}: cannot read: ${errorMessage(error)}`);
  });
  if (firstChunk !== null) raw.unshift(firstChunk);
  const gzip = firstChunk !== null && isGzip(firstChunk);
  raw.on('data', (c: string | Buffer) => {
    hash.update(c);
    consumed += c.length;
  });
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: Math.max(64, chunkBytes) });
    raw.on('error', (e) => gunzip.destroy(e));
    text = raw.pipe(gunzip);
  }
  let carry: Buffer | null = null;
  try {
    for await (const chunk of text as AsyncIterable<Buffer>) {
      if (options.signal?.aborted === true) throw new CancelledError(`import of ${path}`);
      const cut = chunk.lastIndexOf(10) + 1;
      const head = carry?.length ?? 0;
      let block: Buffer | undefined;
      if (cut > 0) {
        if (options.blockBuffer !== undefined) {
          // Assemble the block where the caller wants it: one copy of the bytes.
          block = options.blockBuffer(head + cut);
          carry?.copy(block, 0);
          chunk.copy(block, head, 0, cut);
        } else
          block = carry === null ? chunk.subarray(0, cut) : Buffer.concat([carry, chunk.subarray(0, cut)]);
        carry = null;
      }
      if (cut < chunk.length) {
        // Copy the carry so the big chunk can be freed.
        const rest = chunk.subarray(cut);
        carry = carry === null ? Buffer.from(rest) : Buffer.concat([carry, rest]);
      }
      if (block !== undefined) await onBlock(block);
      options.onBytes?.(consumed, total);
      if (options.afterChunk !== undefined) await options.afterChunk();
    }
  } catch (error) {
    raw.destroy();
    if (error instanceof TickbenchError) throw error;
    const msg = errorMessage(error);
    const line = options.linesDone?.() ?? 0;
    if (gzip && /unexpected end|incorrect header|invalid|unknown compression/i.test(msg)) {
      throw new TickbenchError('bad-input', `${path}: corrupt or truncated gzip after line ${line} (${msg})`);
    }
    throw new TickbenchError('io', `${path}: read failed after line ${line}: ${msg}`);
  }
  if (carry !== null && carry.length > 0) {
    let block = carry;
    if (options.blockBuffer !== undefined) {
      block = options.blockBuffer(carry.length);
      carry.copy(block, 0);
    }
    await onBlock(block);
  }
  return { sha256: hash.digest('hex'), bytes: total, gzip };
}

/** Calls `onLine` for each line of a block from {@link readBlocks}, the first being line `line + 1`; returns the last line's number. */
export function splitLines(buf: Buffer, line: number, onLine: LineHandler): number {
  let n = line;
  let start = 0;
  for (let i = buf.indexOf(10, 0); i >= 0; i = buf.indexOf(10, start)) {
    n += 1;
    const end = i > start && buf[i - 1] === 13 ? i - 1 : i;
    onLine(buf, start, end, n);
    start = i + 1;
  }
  if (start < buf.length) {
    // The file's last line, without newline.
    n += 1;
    const end = buf[buf.length - 1] === 13 ? buf.length - 1 : buf.length;
    onLine(buf, start, end, n);
  }
  return n;
}

/**
 * Streams a (possibly gzip-compressed) text file line by line with bounded memory, hashing the
 * stored bytes on the way (see {@link readBlocks}).
 */
export async function readLines(
  path: string,
  onLine: LineHandler,
  options: BlockReadOptions = {},
): Promise<LineReadResult> {
  let line = 0;
  const read = await readBlocks(
    path,
    (block) => {
      line = splitLines(block, line, onLine);
    },
    { ...options, linesDone: () => line },
  );
  return { ...read, lines: line };
}

/** Reads the first `maxLines` lines (decompressing gzip) for format detection. */
export async function readHead(path: string, maxLines = 5): Promise<string[]> {
  const out: string[] = [];
  const raw = createReadStream(path, { highWaterMark: 1 << 16 });
  const first = await new Promise<Buffer | null>((resolve, reject) => {
    raw.once('readable', () => {
      resolve(raw.read(2) as Buffer | null);
    });
    raw.once('error', reject);
  }).catch((error: unknown) => {
    throw new TickbenchError('io', `${path}: cannot read: ${errorMessage(error)}`);
  });
  if (first === null) {
    raw.destroy();
    return out;
  }
  raw.unshift(first);
  const stream: Readable = isGzip(first) ? raw.pipe(createGunzip()) : raw;
  let text = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      text += chunk.toString('utf8');
      if (text.split('\n').length > maxLines + 1 || text.length > 1 << 20) break;
    }
  } catch {
    // A truncated gzip still gives its head; the full read reports the error.
  } finally {
    raw.destroy();
  }
  for (const l of text.split('\n')) {
    if (out.length >= maxLines) break;
    out.push(l.replace(/\r$/, ''));
  }
  if (out.length > 0 && out[out.length - 1] === '' && !text.endsWith('\n\n')) out.pop();
  return out;
}
