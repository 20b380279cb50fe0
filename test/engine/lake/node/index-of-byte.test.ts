import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexOfByte } from '../../../../engine/lake/node/bytes';

describe('indexOfByte', () => {
  it('finds what Buffer.indexOf finds in buf[p, end), or returns end (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom(10, 44, 0, 127),
        fc.nat(),
        fc.nat(),
        (bytes, byte, a, b) => {
          const buf = Buffer.from(bytes);
          const p = bytes.length === 0 ? 0 : a % (bytes.length + 1);
          const end = p + (bytes.length === p ? 0 : b % (bytes.length - p + 1));
          const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
          const found = buf.subarray(0, end).indexOf(byte, p);
          expect(indexOfByte(view, buf, p, end, byte)).toBe(found < 0 ? end : found);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
