// Test helper: an EventSource over plain rows, cut into batches of a given size.
import {
  createEventBatch,
  type EventBatch,
  type EventSource,
  type StreamInfo,
} from '../../../engine/model/events';

export interface Row {
  kind: number;
  stream: number;
  tsUs: number;
  localTsUs?: number;
  a?: number;
  b?: number;
  c?: number;
  d?: number;
  e?: number;
  f?: number;
  flags?: number;
}

export function fillBatch(rows: readonly Row[], batch: EventBatch): EventBatch {
  rows.forEach((r, j) => {
    batch.kind[j] = r.kind;
    batch.stream[j] = r.stream;
    batch.tsUs[j] = r.tsUs;
    batch.localTsUs[j] = r.localTsUs ?? NaN;
    batch.a[j] = r.a ?? NaN;
    batch.b[j] = r.b ?? NaN;
    batch.c[j] = r.c ?? NaN;
    batch.d[j] = r.d ?? NaN;
    batch.e[j] = r.e ?? NaN;
    batch.f[j] = r.f ?? NaN;
    batch.flags[j] = r.flags ?? 0;
  });
  batch.length = rows.length;
  return batch;
}

/** One batch object is reused for every chunk, as real sources may do. */
export function arraySource(streams: StreamInfo[], rows: readonly Row[], batchSize = 7): EventSource {
  return {
    streams,
    totalEvents: rows.length,
    async *batches() {
      const batch = createEventBatch(batchSize);
      for (let at = 0; at < rows.length; at += batchSize) {
        await Promise.resolve();
        yield fillBatch(rows.slice(at, at + batchSize), batch);
      }
    },
  };
}

/** Reads a batch row back as a Row (for assertions). */
export function rowAt(b: EventBatch, i: number): Row {
  const l = b.localTsUs[i] as number;
  return {
    kind: b.kind[i] as number,
    stream: b.stream[i] as number,
    tsUs: b.tsUs[i] as number,
    ...(Number.isNaN(l) ? {} : { localTsUs: l }),
    a: b.a[i] as number,
    b: b.b[i] as number,
    c: b.c[i] as number,
    d: b.d[i] as number,
    e: b.e[i] as number,
    f: b.f[i] as number,
    flags: b.flags[i] as number,
  };
}

export const stream = (
  id: number,
  kind: StreamInfo['kind'],
  symbol = 'BTCUSDT',
  venue = 'binance',
): StreamInfo => ({
  id,
  venue,
  symbol,
  kind,
  source: `${venue}-${symbol}-${kind}`,
});

/** A deterministic pseudo-random walk of trades (LCG: no Math.random in reproducible tests). */
export function tradeRows(n: number, streamId: number, seed = 1, t0 = 1_700_000_000_000_000): Row[] {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const rows: Row[] = [];
  let price = 100;
  let t = t0;
  for (let i = 0; i < n; i++) {
    price = Math.max(1, price + Math.round((rnd() - 0.5) * 20) / 10);
    t += Math.floor(rnd() * 2_000_000);
    rows.push({
      kind: 1,
      stream: streamId,
      tsUs: t,
      a: price,
      b: Math.round(rnd() * 100) / 10 + 0.1,
      c: rnd() < 0.5 ? 1 : -1,
      d: i,
    });
  }
  return rows;
}
