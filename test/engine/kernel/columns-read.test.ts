// What a replay reads from the lake for a processor list: the union of the processors' `reads`
// per kind, every column for a processor that declares none, nothing for an unused kind.
import { describe, expect, it } from 'vitest';
import { columnsRead, columnsReadBy } from '../../../engine/kernel/columns-read';
import type { Processor } from '../../../engine/kernel/processor';
import { EventKind } from '../../../engine/model/events';

describe('columnsRead', () => {
  it('takes the union of the reads of the processors of each kind', () => {
    expect(columnsReadBy('ema:20')).toEqual({ trades: ['a'], quotes: [] });
    expect(columnsReadBy('ema:20,ema:100,rsi:14,vwap:60s,zscore:500,limit,var:1000,drawdown')).toEqual({
      trades: ['a', 'b'],
      quotes: [],
    });
    expect(columnsReadBy('vwap:60s,flow:50')).toEqual({ trades: ['a', 'b', 'c'], quotes: [] });
    // Book processors read the books, which are always read whole: no trade or quote payload.
    expect(columnsReadBy('bbo,obi:10')).toEqual({ trades: [], quotes: [] });
  });

  it('reads every column for a processor that does not declare what it reads', () => {
    const custom: Processor = {
      name: 'custom',
      kinds: [EventKind.Quote],
      onEvent: () => undefined,
      snapshot: () => null,
    };
    expect(columnsRead([custom])).toEqual({ trades: [], quotes: ['a', 'b', 'c', 'd', 'e', 'f'] });
  });
});
