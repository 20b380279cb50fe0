import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BookSide } from '../../../engine/book/book-side';
import { RefBook } from './ref-book';

type Op = { kind: 'set'; side: 1 | -1; price: number; size: number } | { kind: 'clear' };

/** Levels best first, read through the walk positions. */
function walked(s: BookSide): [number, number][] {
  const out: [number, number][] = [];
  // Bounded, so that a walk that never ends fails the comparison instead of filling memory.
  for (let pos = s.bestPos(); pos >= 0 && out.length <= s.levels; pos = s.nextPos(pos)) {
    out.push([s.priceAt(pos), s.sizeAt(pos)]);
  }
  return out;
}

/**
 * '' when two level lists are equal, else the first difference in a few words (deep books
 * would make a full diff of the arrays too large to report).
 */
function difference(got: [number, number][], want: [number, number][]): string {
  const n = Math.max(got.length, want.length);
  for (let k = 0; k < n; k++) {
    const g = got[k];
    const w = want[k];
    if (g?.[0] !== w?.[0] || g?.[1] !== w?.[1]) {
      return `level ${k} of ${got.length} is ${JSON.stringify(g)}, want ${JSON.stringify(w)} (of ${want.length})`;
    }
  }
  return '';
}

/** Applies ops to a bid and an ask side and to the Map reference; checks them after every op. */
function check(ops: readonly Op[]): { bids: BookSide; asks: BookSide } {
  const bids = new BookSide(1);
  const asks = new BookSide(-1);
  const ref = new RefBook();
  for (const op of ops) {
    if (op.kind === 'clear') {
      bids.clear();
      asks.clear();
      ref.bids.clear();
      ref.asks.clear();
    } else {
      (op.side > 0 ? bids : asks).set(op.price, op.size);
      ref.set(op.side, op.price, op.size);
    }
  }
  for (const [s, side] of [
    [bids, 1],
    [asks, -1],
  ] as const) {
    const want = ref.levels(side);
    expect(difference(walked(s), want)).toBe('');
    expect(s.levels).toBe(want.length);
    // Positional access agrees with the walk (first levels and one past the end).
    for (let k = 0; k < Math.min(3, want.length); k++) {
      expect([s.price(k), s.size(k)]).toEqual(want[k]);
    }
    expect(s.price(want.length)).toBeNaN();
  }
  return { bids, asks };
}

const size = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 1000 }).map((x) => x / 8) },
);

describe('BookSide', () => {
  it('matches a Map-based reference on a tick grid, with far outliers that move and widen the window', () => {
    // Prices from a pool, so that levels are updated and removed again: ticks near a centre and
    // outliers up to 2·10⁶ ticks away (beyond the window's reach), written with 0–2 decimals, so
    // the grid also gets finer mid-run.
    const price = fc
      .tuple(
        fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 99_000, max: 101_000 }) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000_000 }) },
        ),
        fc.constantFrom(0, 1, 2),
      )
      .map(([tick, decimals]) => tick / 10 ** decimals);
    const scenario = fc.tuple(
      fc.array(price, { minLength: 1, maxLength: 40 }),
      fc.array(
        fc.oneof(
          {
            weight: 12,
            arbitrary: fc.record({ side: fc.constantFrom(1 as const, -1 as const), at: fc.nat(), size }),
          },
          { weight: 1, arbitrary: fc.constant('clear' as const) },
        ),
        { maxLength: 300 },
      ),
    );
    fc.assert(
      fc.property(scenario, ([pool, raw]) => {
        const ops: Op[] = raw.map((o) =>
          o === 'clear'
            ? { kind: 'clear' }
            : { kind: 'set', side: o.side, price: pool[o.at % pool.length] ?? 1, size: o.size },
        );
        const { bids, asks } = check(ops);
        expect(bids.isSorted || asks.isSorted).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the reference after falling back to sorted arrays for a price on no decimal grid', () => {
    const op = fc.record({
      kind: fc.constant('set' as const),
      side: fc.constantFrom(1 as const, -1 as const),
      price: fc.oneof(
        fc.integer({ min: 1, max: 60 }).map((x) => x / 4),
        fc.integer({ min: 1, max: 60 }).map((x) => x / 3),
      ),
      size,
    });
    fc.assert(fc.property(fc.array(op, { maxLength: 300 }), (ops) => void check(ops)));
  });

  it('keeps a deep book in the window and stale outliers beside it, walked in price order', () => {
    const ops: Op[] = [];
    for (let k = 0; k < 5000; k++) ops.push({ kind: 'set', side: 1, price: 60_000 - k / 10, size: 1 + k });
    ops.push({ kind: 'set', side: 1, price: 556.8, size: 7 }); // a stale bid far below
    ops.push({ kind: 'set', side: 1, price: 60_100.5, size: 2 }); // a new best: the window moves
    const { bids } = check(ops);
    expect(bids.farLevels).toBe(1);
    expect([bids.price(0), bids.price(1), bids.price(5001)]).toEqual([60_100.5, 60_000, 556.8]);
    ops.push({ kind: 'set', side: 1, price: 60_100.5, size: 0 });
    ops.push({ kind: 'set', side: 1, price: 59_000.25, size: 3 }); // a finer grid: re-indexed
    ops.push({ kind: 'set', side: 1, price: 150_000, size: 1 }); // an outlier above: new best
    ops.push({ kind: 'set', side: 1, price: 150_000, size: 0 });
    const after = check(ops).bids;
    expect(after.isSorted).toBe(false);
    expect(after.price(0)).toBe(60_000);
    expect(after.levels).toBe(5002);
  });

  it('falls back to sorted arrays for a price with more than 12 decimals, keeping every level', () => {
    const asks = new BookSide(-1);
    asks.set(100.5, 1);
    asks.set(101, 2);
    asks.set(1 / 3, 4);
    expect(asks.isSorted).toBe(true);
    expect(walked(asks)).toEqual([
      [1 / 3, 4],
      [100.5, 1],
      [101, 2],
    ]);
  });
});
