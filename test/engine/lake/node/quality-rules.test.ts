// validityTest (the allocation-free row test of the block fast path) must say "valid" exactly
// when validateRow finds nothing wrong, for every kind, on rows full of edge values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND_COLUMNS, type DataKind } from '../../../../engine/model/kinds';
import { validateRow, validityTest } from '../../../../engine/lake/node/quality-rules';

const edge = fc.constantFrom(
  0,
  -0,
  1,
  -1,
  2,
  0.5,
  -3.5,
  1e-300,
  1e300,
  Number.NaN,
  Infinity,
  -Infinity,
  1.7e15,
);
/** Mostly plausible values (so most rows are one or two fields from valid), then edges. */
const value = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(1, -1, 2.5, 1.7e15) },
  { weight: 1, arbitrary: edge },
  { weight: 1, arbitrary: fc.double() },
);

describe('validityTest', () => {
  it.each<DataKind>(['trades', 'quotes', 'book', 'bars'])(
    '%s: true exactly when validateRow is null (property)',
    (kind) => {
      const width = KIND_COLUMNS[kind].length;
      const test = validityTest(kind);
      let valid = 0;
      fc.assert(
        fc.property(
          fc.array(value, { minLength: width * 3, maxLength: width * 3 }),
          fc.integer({ min: 0, max: 2 }),
          (xs, row) => {
            const src = Float64Array.from(xs);
            const base = row * width;
            const ok = validateRow(kind, src, base) === null;
            if (ok) valid++;
            expect(test(src, base)).toBe(ok);
          },
        ),
        { numRuns: 3000 },
      );
      // Valid rows do occur (positive values are common among the edges).
      expect(valid).toBeGreaterThan(0);
    },
  );
});
