import { describe, expect, it } from 'vitest';
import { SmoothedBookImbalance, bookImbalance } from '../../../engine/signal/book-imbalance';

describe('bookImbalance', () => {
  it('sums the top N levels of each side', () => {
    expect(bookImbalance([3, 1, 100], [1, 1, 100], 2)).toBe(2 / 6); // (4 − 2) / (4 + 2)
    expect(bookImbalance([1], [3], 1)).toBe(-0.5);
    expect(bookImbalance(new Float64Array([2, 2]), new Float64Array([2]), 5)).toBeCloseTo(1 / 3, 15);
    expect(bookImbalance([], [], 3)).toBeNaN();
  });
});

describe('SmoothedBookImbalance', () => {
  it('is an EMA of the raw imbalance that skips empty books', () => {
    const s = new SmoothedBookImbalance(1, 3); // α = 0.5
    expect(s.update([], [])).toBeNaN();
    expect(s.update([3], [1])).toBe(0.5);
    expect(s.update([1], [3])).toBe(0); // 0.5 + 0.5 (−0.5 − 0.5)
    expect(s.update([], [])).toBe(0);
  });
});
