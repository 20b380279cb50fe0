import { describe, expect, it } from 'vitest';
import { BookApply, L2Book } from '../../../engine/book/l2-book';
import { BookFlag, EventKind, createEventBatch, type EventBatch } from '../../../engine/model/events';
import { type DepthMsg, type TickerMsg, fixtureFiles, readMessages } from './binance-fixture';

/** Writes one depth message into a batch as book rows (bids then asks; EndOfMessage on the last). */
function toBatch(m: DepthMsg, batch: EventBatch, snapshot = false): EventBatch {
  let n = 0;
  const put = (side: number, p: number, s: number): void => {
    batch.kind[n] = EventKind.Book;
    batch.stream[n] = 0;
    batch.tsUs[n] = m.eventMs * 1000;
    batch.localTsUs[n] = Math.floor(m.localNs / 1000);
    batch.a[n] = p;
    batch.b[n] = s;
    batch.c[n] = side;
    batch.d[n] = m.u;
    batch.e[n] = m.U;
    batch.f[n] = m.pu;
    batch.flags[n] = snapshot ? BookFlag.Snapshot : 0;
    n++;
  };
  for (const [p, s] of m.bids) put(1, p, s);
  for (const [p, s] of m.asks) put(-1, p, s);
  if (n === 0) put(1, NaN, NaN);
  batch.flags[n - 1] = (batch.flags[n - 1] as number) | BookFlag.EndOfMessage;
  batch.length = n;
  return batch;
}

function applyMsg(book: L2Book, m: DepthMsg, batch: EventBatch, snapshot = false): BookApply[] {
  toBatch(m, batch, snapshot);
  const results: BookApply[] = [];
  for (let i = 0; i < batch.length; i++) results.push(book.applyBatchRow(batch, i));
  return results;
}

const WARMUP_NS = 10e9;

describe('L2 book rebuilt from real Binance captures', () => {
  const rates: Record<string, string> = {};
  for (const file of fixtureFiles()) {
    it(`matches bookTicker best bid/ask: ${file}`, () => {
      const msgs = readMessages(file);
      const book = new L2Book();
      const batch = createEventBatch(20_000);
      const t0 = msgs[0]?.localNs ?? 0;
      // The bookTicker stream usually arrives BEFORE the depth message with the same final
      // update id, so compare by id: after applying depth message u, the book must show the
      // best bid/ask of the bookTicker stamped u (whenever it arrived).
      const tickerByU = new Map<number, TickerMsg>();
      for (const m of msgs) if (m.type === 'ticker' && !tickerByU.has(m.u)) tickerByU.set(m.u, m);
      let depthCount = 0;
      let compared = 0;
      let matched = 0;
      for (const m of msgs) {
        if (m.type !== 'depth') continue;
        const r = applyMsg(book, m, batch);
        expect(r.every((x) => x === BookApply.Ok)).toBe(true);
        depthCount++;
        const t = tickerByU.get(m.u);
        if (t === undefined || m.localNs - t0 <= WARMUP_NS) continue;
        compared++;
        if (book.bestBid() === t.bid && book.bestAsk() === t.ask) matched++;
      }
      const rate = matched / compared;
      rates[file] = `${(rate * 100).toFixed(3)}% (${matched}/${compared})`;
      console.log(`book match ${file}: ${rates[file]}`);
      expect(book.valid).toBe(true);
      expect(book.gaps).toBe(0);
      expect(book.messages).toBe(depthCount);
      expect(compared).toBeGreaterThan(50);
      if (file.startsWith('spot_btcusdt_20240808')) expect(rate).toBeGreaterThanOrEqual(0.995);
      else expect(rate).toBe(1);
    });
  }
});
