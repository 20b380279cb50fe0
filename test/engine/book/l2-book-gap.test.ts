import { describe, expect, it } from 'vitest';
import { BookApply, L2Book } from '../../../engine/book/l2-book';
import { BookFlag, EventKind, createEventBatch, type EventBatch } from '../../../engine/model/events';
import { type DepthMsg, readMessages } from './binance-fixture';
import { RefBook } from './ref-book';

function toBatch(m: DepthMsg, batch: EventBatch): EventBatch {
  let n = 0;
  for (const [side, levels] of [
    [1, m.bids],
    [-1, m.asks],
  ] as const) {
    for (const [p, s] of levels) {
      batch.kind[n] = EventKind.Book;
      batch.a[n] = p;
      batch.b[n] = s;
      batch.c[n] = side;
      batch.d[n] = m.u;
      batch.e[n] = m.U;
      batch.f[n] = m.pu;
      batch.flags[n] = 0;
      n++;
    }
  }
  batch.flags[n - 1] = BookFlag.EndOfMessage;
  batch.length = n;
  return batch;
}

/** Applies a message; returns the non-Ok results with the row index. */
function apply(book: L2Book, m: DepthMsg, batch: EventBatch): BookApply[] {
  toBatch(m, batch);
  const out: BookApply[] = [];
  for (let i = 0; i < batch.length; i++) out.push(book.applyBatchRow(batch, i));
  return out;
}

function applySnapshot(book: L2Book, ref: RefBook, id: number): void {
  const rows: [number, number, number][] = [
    ...ref.levels(1).map(([p, s]): [number, number, number] => [1, p, s]),
    ...ref.levels(-1).map(([p, s]): [number, number, number] => [-1, p, s]),
  ];
  rows.forEach(([side, p, s], i) => {
    const flags = BookFlag.Snapshot | (i === rows.length - 1 ? BookFlag.EndOfMessage : 0);
    expect(book.applyRow(p, s, side, id, NaN, NaN, flags)).toBe(BookApply.Ok);
  });
}

const CASES = [
  { file: 'usdm_btcusdt_20240808.jsonl.gz', rule: 'futures' },
  { file: 'cm_ethusd_perp_20240809.jsonl.gz', rule: 'futures' },
  { file: 'spot_ethusdt_20240809.jsonl.gz', rule: 'spot' },
] as const;

describe('book-invalid on an update-id gap, recovery on a snapshot', () => {
  for (const { file, rule } of CASES) {
    it(`${file}: one gap event with expected/received ids, then a snapshot restores it`, () => {
      const depth = readMessages(file).filter((m): m is DepthMsg => m.type === 'depth');
      const dropAt = 500;
      const snapAt = 1500;
      const book = new L2Book();
      const ref = new RefBook();
      const batch = createEventBatch(20_000);
      const gaps: { msg: number; row: number }[] = [];
      depth.forEach((m, k) => {
        for (const [p, s] of m.bids) ref.set(1, p, s);
        for (const [p, s] of m.asks) ref.set(-1, p, s);
        if (k === dropAt) return; // the injected loss
        if (k === snapAt) {
          applySnapshot(book, ref, m.u);
          // A delta older than the snapshot is dropped, not a gap.
          expect(apply(book, depth[k - 1] as DepthMsg, batch).every((r) => r === BookApply.Stale)).toBe(true);
          return;
        }
        apply(book, m, batch).forEach((r, row) => {
          if (r === BookApply.Gap) gaps.push({ msg: k, row });
          else expect(r).toBe(BookApply.Ok);
        });
        if (k === dropAt + 1) expect(book.valid).toBe(false);
        if (k === snapAt - 1) expect(book.valid).toBe(false);
      });
      expect(gaps).toEqual([{ msg: dropAt + 1, row: 0 }]);
      expect(book.gaps).toBe(1);
      expect(book.gapRule).toBe(rule);
      const prev = depth[dropAt - 1] as DepthMsg;
      const next = depth[dropAt + 1] as DepthMsg;
      if (rule === 'futures') {
        expect(book.gapExpected).toBe(prev.u);
        expect(book.gapReceived).toBe(next.pu);
      } else {
        expect(book.gapExpected).toBe(prev.u + 1);
        expect(book.gapReceived).toBe(next.U);
      }
      // Recovered: valid, and level for level equal to the reference built from every message.
      expect(book.valid).toBe(true);
      expect(book.synced).toBe(true);
      expect(book.depth(1e9)).toEqual({ bids: ref.levels(1), asks: ref.levels(-1) });
    });
  }
});
