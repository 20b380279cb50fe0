// What a dataset is read with: the payload columns per kind (projection) and the select list.
import { describe, expect, it } from 'vitest';
import { payloadColumns, selectList } from '../../../../engine/lake/node/dataset-source';

describe('payloadColumns and selectList', () => {
  it('reads every column of the kind by default, in batch order', () => {
    expect(payloadColumns('trades')).toEqual(['a', 'b', 'c', 'd']);
    expect(payloadColumns('quotes')).toEqual(['a', 'b', 'c', 'd']);
    expect(payloadColumns('book')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(selectList('trades')).toEqual([
      'CAST(ts_us AS DOUBLE) AS ts_us',
      'CAST(local_ts_us AS DOUBLE) AS local_ts_us',
      'price',
      'size',
      'CAST(side AS DOUBLE) AS side',
      'CAST(trade_id AS DOUBLE) AS trade_id',
    ]);
  });

  it('projects trades and quotes to the columns wanted, never books', () => {
    const wanted = { trades: ['d', 'a'] as const, quotes: [] };
    expect(payloadColumns('trades', wanted)).toEqual(['a', 'd']);
    expect(payloadColumns('quotes', wanted)).toEqual([]);
    expect(payloadColumns('book', wanted)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(selectList('trades', ['a'])).toEqual([
      'CAST(ts_us AS DOUBLE) AS ts_us',
      'CAST(local_ts_us AS DOUBLE) AS local_ts_us',
      'price',
    ]);
    expect(selectList('book', ['a', 'b', 'c', 'd', 'e', 'f']).at(-1)).toBe(
      'CAST(is_snapshot AS DOUBLE) AS is_snapshot',
    );
  });

  it('refuses a column the kind does not have, naming the allowed ones', () => {
    expect(() => selectList('trades', ['e'])).toThrow(/trades have no payload column e; allowed a, b, c, d/);
  });
});
