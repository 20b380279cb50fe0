import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
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

/**
 * Streams a (possibly gzip-compressed) text file line by line with bounded memory, hashing the
 * stored bytes on the way. A truncated gzip stream is an error naming the file and the last
 * complete line, never a silent short read.
 */
export async function readLines(
  path: string,
  onLine: LineHandler,
  options: LineReadOptions = {},
): Promise<LineReadResult> {
  const total = statSync(path).size;
  const hash = createHash('sha256');
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
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
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    raw.on('error', (e) => gunzip.destroy(e));
    text = raw.pipe(gunzip);
  }
  let carry: Buffer | null = null;
  let line = 0;
  try {
    for await (const chunk of text as AsyncIterable<Buffer>) {
      if (options.signal?.aborted === true) throw new CancelledError(`import of ${path}`);
      const buf: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
      let start = 0;
      for (let i = buf.indexOf(10, 0); i >= 0; i = buf.indexOf(10, start)) {
        line += 1;
        const end = i > start && buf[i - 1] === 13 ? i - 1 : i;
        onLine(buf, start, end, line);
        start = i + 1;
      }
      carry = start < buf.length ? buf.subarray(start) : null;
      // Copy the carry so the big chunk can be freed.
      if (carry !== null) carry = Buffer.from(carry);
      options.onBytes?.(consumed, total);
      if (options.afterChunk !== undefined) await options.afterChunk();
    }
  } catch (error) {
    raw.destroy();
    if (error instanceof TickbenchError) throw error;
    const msg = errorMessage(error);
    if (gzip && /unexpected end|incorrect header|invalid|unknown compression/i.test(msg)) {
      throw new TickbenchError('bad-input', `${path}: corrupt or truncated gzip after line ${line} (${msg})`);
    }
    throw new TickbenchError('io', `${path}: read failed after line ${line}: ${msg}`);
  }
  if (carry !== null && carry.length > 0) {
    line += 1;
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    onLine(carry, 0, end, line);
  }
  return { lines: line, sha256: hash.digest('hex'), bytes: total, gzip };
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
