// Batches laid over one (shared) buffer: every column is its own view, nothing overlaps, and
// copyBatch moves exactly `length` events.
import { describe, expect, it } from 'vitest';
import { copyBatch, eventBatchBytes, eventBatchOver } from '../../../engine/model/batch-layout';
import { createEventBatch } from '../../../engine/model/events';

describe('batch layout', () => {
  it('lays the columns side by side without overlap over a SharedArrayBuffer', () => {
    const cap = 5;
    const b = eventBatchOver(new SharedArrayBuffer(eventBatchBytes(cap)), cap);
    const cols = [b.tsUs, b.localTsUs, b.a, b.b, b.c, b.d, b.e, b.f];
    cols.forEach((c, k) => c.fill(k + 1));
    b.stream.fill(300);
    b.kind.fill(7);
    b.flags.fill(9);
    cols.forEach((c, k) => {
      expect([...c]).toEqual(new Array<number>(cap).fill(k + 1));
    });
    expect([...b.stream]).toEqual(new Array<number>(cap).fill(300));
    expect([...b.kind]).toEqual(new Array<number>(cap).fill(7));
    expect([...b.flags]).toEqual(new Array<number>(cap).fill(9));
    expect(eventBatchBytes(cap)).toBe(cap * 68);
  });

  it('refuses a buffer that is too small, naming both sizes', () => {
    expect(() => eventBatchOver(new ArrayBuffer(10), 5)).toThrow(/10 bytes; capacity 5 at byte 0 needs 340/);
  });

  it('copyBatch copies length events of every column', () => {
    const src = createEventBatch(4);
    for (let i = 0; i < 4; i++) {
      src.tsUs[i] = 10 + i;
      src.localTsUs[i] = Number.NaN;
      src.a[i] = i / 3;
      src.f[i] = -i;
      src.stream[i] = i;
      src.kind[i] = 1;
      src.flags[i] = i & 1;
    }
    src.length = 3;
    const dst = eventBatchOver(new SharedArrayBuffer(eventBatchBytes(8)), 8);
    copyBatch(src, dst);
    expect(dst.length).toBe(3);
    expect([...dst.tsUs.subarray(0, 4)]).toEqual([10, 11, 12, 0]);
    expect(Number.isNaN(dst.localTsUs[2])).toBe(true);
    expect([...dst.a.subarray(0, 3)]).toEqual([0, 1 / 3, 2 / 3]);
    expect([...dst.f.subarray(0, 3)]).toEqual([-0, -1, -2]);
    expect([...dst.stream.subarray(0, 3)]).toEqual([0, 1, 2]);
    expect([...dst.flags.subarray(0, 3)]).toEqual([0, 1, 0]);
    expect(() => {
      copyBatch(createEventBatch(9), createEventBatch(3));
    }).not.toThrow(); // length 0
    const big = createEventBatch(9);
    big.length = 9;
    expect(() => {
      copyBatch(big, createEventBatch(3));
    }).toThrow(/9 events does not fit a batch of capacity 3/);
  });
});
