import { EventKind, PAYLOAD_COLUMNS, type PayloadColumn, type ReadColumns } from '../model/events';
import type { Processor } from './processor';
import { createProcessors } from './processor-registry';

/**
 * The payload columns a replay must read for `processors` (projection), per trade and quote
 * streams: the union of the `reads` of the processors subscribed to that kind (a processor
 * without `reads`: every column). A kind no processor subscribes to needs no payload at all:
 * its events still count and move the clock. Book streams are always read whole.
 */
export function columnsRead(processors: readonly Processor[]): ReadColumns {
  const of = (kind: EventKind): PayloadColumn[] => {
    const wanted = new Set<PayloadColumn>();
    for (const p of processors) {
      if (!p.kinds.includes(kind)) continue;
      for (const c of p.reads ?? PAYLOAD_COLUMNS) wanted.add(c);
    }
    return PAYLOAD_COLUMNS.filter((c) => wanted.has(c));
  };
  return { trades: of(EventKind.Trade), quotes: of(EventKind.Quote) };
}

/** {@link columnsRead} of a processor list (`ema:20,vwap:60s,…`). */
export function columnsReadBy(list: string): ReadColumns {
  return columnsRead(createProcessors(list));
}
