import type { EventBatch } from './events';

/** Float64 columns of a batch, in layout order. */
const F64_COLUMNS = ['tsUs', 'localTsUs', 'a', 'b', 'c', 'd', 'e', 'f'] as const;

/**
 * Bytes of one {@link EventBatch} of `capacity` events laid over a single buffer: 8 Float64
 * columns, then `stream` (Uint16), `kind` and `flags` (Uint8).
 */
export function eventBatchBytes(capacity: number): number {
  return capacity * (F64_COLUMNS.length * 8 + 2 + 1 + 1);
}

/**
 * An EventBatch whose columns are views over `buffer` from byte `at` on (e.g. a
 * SharedArrayBuffer, so a reader thread can fill batches that the kernel's thread reads without
 * a copy). `buffer` must hold {@link eventBatchBytes}(capacity) bytes from `at`, a multiple of 8.
 */
export function eventBatchOver(buffer: ArrayBufferLike, capacity: number, at = 0): EventBatch {
  const need = eventBatchBytes(capacity);
  if (at % 8 !== 0 || buffer.byteLength < at + need)
    throw new RangeError(
      `batch buffer has ${buffer.byteLength} bytes; capacity ${capacity} at byte ${at} needs ${at + need} (at a multiple of 8)`,
    );
  const f64 = (k: number): Float64Array => new Float64Array(buffer, at + k * capacity * 8, capacity);
  const tail = at + F64_COLUMNS.length * capacity * 8;
  return {
    length: 0,
    tsUs: f64(0),
    localTsUs: f64(1),
    a: f64(2),
    b: f64(3),
    c: f64(4),
    d: f64(5),
    e: f64(6),
    f: f64(7),
    stream: new Uint16Array(buffer, tail, capacity),
    kind: new Uint8Array(buffer, tail + 2 * capacity, capacity),
    flags: new Uint8Array(buffer, tail + 3 * capacity, capacity),
  };
}

/** Copies the `src.length` events of `src` into `dst` (column by column) and sets its length. */
export function copyBatch(src: EventBatch, dst: EventBatch): void {
  const n = src.length;
  if (n > dst.kind.length)
    throw new RangeError(`batch of ${n} events does not fit a batch of capacity ${dst.kind.length}`);
  for (const k of F64_COLUMNS) dst[k].set(src[k].subarray(0, n));
  dst.stream.set(src.stream.subarray(0, n));
  dst.kind.set(src.kind.subarray(0, n));
  dst.flags.set(src.flags.subarray(0, n));
  dst.length = n;
}
