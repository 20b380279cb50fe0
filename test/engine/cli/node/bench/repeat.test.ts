// The figures of a repeated benchmark: medians against a sort-based reference, nested objects,
// non-numbers passed through, and the spread of chosen keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  median,
  medianFigures,
  repeatedFigures,
  spreadOf,
} from '../../../../../engine/cli/node/bench/repeat';

describe('median', () => {
  it('is the middle of the sorted values (the upper one of an even count)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 30 }), (xs) => {
        const sorted = [...xs].sort((a, b) => a - b);
        expect(median(xs)).toBe(sorted[Math.floor(xs.length / 2)]);
        // The input is left as it was.
        expect(xs.length).toBe(sorted.length);
      }),
    );
  });

  it('counts as many values at or below it as at or above it, give or take one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 }), (xs) => {
        const m = median(xs);
        expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(Math.ceil(xs.length / 2));
        expect(xs.filter((x) => x >= m).length).toBeGreaterThanOrEqual(Math.floor(xs.length / 2));
      }),
    );
  });
});

describe('medianFigures', () => {
  const runs = [
    { rate: 3, reader: 'thread', cpu: { a: 10, b: null }, peak: 7 },
    { rate: 1, reader: 'thread', cpu: { a: 30, b: null }, peak: 5 },
    { rate: 2, reader: 'thread', cpu: { a: 20, b: null }, peak: 9 },
  ];

  it('takes the median of every number, nested objects likewise, other values from the first run', () => {
    expect(medianFigures(runs)).toEqual({ rate: 2, reader: 'thread', cpu: { a: 20, b: null }, peak: 7 });
  });

  it('returns the single run as it is', () => {
    const one = runs.slice(0, 1);
    expect(medianFigures(one)).toEqual(one[0]);
  });

  it('refuses an empty list', () => {
    expect(() => medianFigures([])).toThrow(/no runs/);
  });
});

describe('spreadOf', () => {
  it('gives the lowest and highest value of each key asked for', () => {
    const runs = [
      { rate: 3, other: 1 },
      { rate: 1, other: 2 },
      { rate: 2, other: 3 },
    ];
    expect(spreadOf(runs, ['rate'])).toEqual({ rate: [1, 3] });
  });
});

describe('repeatedFigures', () => {
  it('adds the repeat asked for, and the spread only when there was more than one run', () => {
    const runs = [
      { rate: 3, ms: 10 },
      { rate: 1, ms: 30 },
    ];
    expect(repeatedFigures(runs, 2, ['rate'])).toEqual({
      rate: 3,
      ms: 30,
      repeat: 2,
      spread: { rate: [1, 3] },
    });
    expect(repeatedFigures(runs.slice(0, 1), 1, ['rate'])).toEqual({ rate: 3, ms: 10, repeat: 1 });
  });
});
