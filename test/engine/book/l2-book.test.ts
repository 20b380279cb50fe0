import { describe, expect, it } from 'vitest';
import { Fnv1a64 } from '../../../engine/book/fnv1a64';
import { BookApply, L2Book } from '../../../engine/book/l2-book';
import { BookFlag } from '../../../engine/model/events';

const EOM = BookFlag.EndOfMessage;

function bookWith(bids: [number, number][], asks: [number, number][]): L2Book {
  const b = new L2Book();
  const rows = [...bids.map(([p, s]) => [1, p, s]), ...asks.map(([p, s]) => [-1, p, s])];
  rows.forEach(([side, p, s], i) => {
    b.applyRow(p ?? NaN, s ?? NaN, side ?? 0, 10, 10, NaN, i === rows.length - 1 ? EOM : 0);
  });
  return b;
}

describe('L2Book queries', () => {
  const book = bookWith(
    [
      [99, 1],
      [98, 2],
      [97, 5],
    ],
    [
      [101, 1],
      [102, 3],
      [105, 10],
    ],
  );

  it('best bid/ask, mid, spread, depth', () => {
    expect(book.bestBid()).toBe(99);
    expect(book.bestAsk()).toBe(101);
    expect(book.mid()).toBe(100);
    expect(book.spread()).toBe(2);
    expect(book.depth(2)).toEqual({
      bids: [
        [99, 1],
        [98, 2],
      ],
      asks: [
        [101, 1],
        [102, 3],
      ],
    });
    const px = new Float64Array(5);
    const sz = new Float64Array(5);
    expect(book.depthInto(-1, 5, px, sz)).toBe(3);
    expect([...px.subarray(0, 3)]).toEqual([101, 102, 105]);
  });

  it('cost to buy and sell: VWAP, slippage, completeness (hand-computed)', () => {
    const buy = book.costToBuy(3);
    // 1 @ 101 + 2 @ 102 = 305 → vwap 101.666…, slippage 0.666… vs best 101.
    expect(buy.filled).toBe(3);
    expect(buy.notional).toBe(305);
    expect(buy.vwap).toBeCloseTo(305 / 3, 12);
    expect(buy.slippage).toBeCloseTo(305 / 3 - 101, 12);
    expect(buy.slippageBps).toBeCloseTo(((305 / 3 - 101) / 101) * 1e4, 9);
    expect(buy.levels).toBe(2);
    expect(buy.worstPrice).toBe(102);
    expect(buy.complete).toBe(true);
    const sell = book.costToSell(10);
    // 1 @ 99 + 2 @ 98 + 5 @ 97 = 780 for 8 of 10.
    expect(sell.filled).toBe(8);
    expect(sell.notional).toBe(780);
    expect(sell.complete).toBe(false);
    expect(sell.slippage).toBeCloseTo(99 - 780 / 8, 12);
    expect(book.liquidityWithin(1, 150)).toBe(3); // ≥ 99·(1 − 0.015) = 97.515
    expect(book.liquidityWithin(-1, 150)).toBe(4); // ≤ 101·1.015 = 102.515
  });

  it('hash is deterministic and sensitive to any level', () => {
    const again = bookWith(
      [
        [99, 1],
        [98, 2],
        [97, 5],
      ],
      [
        [101, 1],
        [102, 3],
        [105, 10],
      ],
    );
    expect(again.hash()).toBe(book.hash());
    expect(again.hash()).toMatch(/^[0-9a-f]{16}$/);
    again.applyRow(97, 5.5, 1, 11, 11, NaN, EOM);
    expect(again.hash()).not.toBe(book.hash());
  });
});

describe('L2Book chain rules', () => {
  it('spot: U must be last u + 1; futures: pu must be last u; first message starts the chain', () => {
    const spot = new L2Book();
    expect(spot.applyRow(1, 1, 1, 100, 90, NaN, EOM)).toBe(BookApply.Ok);
    expect(spot.applyRow(1, 2, 1, 105, 101, NaN, EOM)).toBe(BookApply.Ok);
    expect(spot.applyRow(1, 3, 1, 110, 107, NaN, EOM)).toBe(BookApply.Gap);
    expect([spot.gapRule, spot.gapExpected, spot.gapReceived]).toEqual(['spot', 106, 107]);
    // Already invalid: a second gap is not reported again.
    expect(spot.applyRow(1, 3, 1, 120, 115, NaN, EOM)).toBe(BookApply.Ok);
    expect(spot.gaps).toBe(1);

    const fut = new L2Book();
    expect(fut.applyRow(1, 1, 1, 100, 95, 90, EOM)).toBe(BookApply.Ok);
    expect(fut.applyRow(1, 1, 1, 130, 120, 100, EOM)).toBe(BookApply.Ok);
    expect(fut.applyRow(1, 1, 1, 150, 140, 131, EOM)).toBe(BookApply.Gap);
    expect([fut.gapRule, fut.gapExpected, fut.gapReceived]).toEqual(['futures', 130, 131]);
  });

  it('a NaN-price row only carries ids (empty messages keep the chain)', () => {
    const b = new L2Book();
    b.applyRow(10, 1, 1, 100, 99, NaN, EOM);
    expect(b.applyRow(NaN, NaN, 1, 101, 101, NaN, EOM)).toBe(BookApply.Ok);
    expect(b.applyRow(11, 1, 1, 102, 102, NaN, EOM)).toBe(BookApply.Ok);
    expect(b.bids.levels).toBe(2);
    expect(b.lastUpdateId).toBe(102);
  });

  it('message boundaries also follow u changes when EndOfMessage is missing', () => {
    const b = new L2Book();
    b.applyRow(10, 1, 1, 100, 99, NaN, 0);
    b.applyRow(11, 1, 1, 100, 99, NaN, 0);
    expect(b.applyRow(12, 1, 1, 105, 101, NaN, 0)).toBe(BookApply.Ok);
    expect(b.applyRow(13, 1, 1, 105, 101, NaN, 0)).toBe(BookApply.Ok);
    expect(b.applyRow(14, 1, 1, 110, 107, NaN, 0)).toBe(BookApply.Gap);
  });

  it('a snapshot replaces the book', () => {
    const b = new L2Book();
    b.applyRow(10, 1, 1, 100, 99, NaN, EOM);
    b.applyRow(12, 2, 1, 500, NaN, NaN, BookFlag.Snapshot);
    b.applyRow(13, 2, -1, 500, NaN, NaN, BookFlag.Snapshot | EOM);
    expect(b.depth(10)).toEqual({ bids: [[12, 2]], asks: [[13, 2]] });
    expect(b.lastUpdateId).toBe(500);
    expect(b.synced).toBe(true);
  });
});

describe('Fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(new Fnv1a64().hex()).toBe('cbf29ce484222325');
    expect(new Fnv1a64().str('a').hex()).toBe('af63dc4c8601ec8c');
    expect(new Fnv1a64().str('foobar').hex()).toBe('85944171f73967e8');
  });
});
