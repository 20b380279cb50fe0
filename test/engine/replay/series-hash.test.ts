// The replay's output fingerprint against the BigInt reference computed from the series' CSV
// text (as `replay --out` writes it), on random series with NaN, -0, infinities, non-ASCII
// names and a stream id past the session's table; and its sensitivity: any single changed
// field of any row changes it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignalBus } from '../../../engine/bus/signal-bus';
import type { StreamInfo } from '../../../engine/model/events';
import { Fnv1a64 } from '../../../engine/book/fnv1a64';
import { SeriesHasher } from '../../../engine/replay/series-hash';
import { fnv1a64Ref, seriesHashOfCsv } from './series-hash-ref';

interface Row {
  readonly ts: number;
  readonly p: number;
  readonly s: number;
  readonly n: number;
  readonly v: number;
}

const PROCESSORS = ['ema:20', 'vwap:60s', 'bbo', 'rsi:14'];
const NAMES = ['ema', 'vwap', 'bid', 'ask', 'prix moyen €', '𝛔'];
const STREAMS: StreamInfo[] = [
  { id: 0, venue: 'binance', symbol: 'BTCUSDT', kind: 'trades', source: 'a' },
  { id: 1, venue: 'binance-futures', symbol: 'ETHUSDT', kind: 'book', source: 'b' },
  { id: 2, venue: 'bybit', symbol: 'SOL/USDT', kind: 'quotes', source: 'c' },
];

/** The reference: the rows as the CSV `replay --out` writes, hashed from that text. */
function reference(rows: readonly Row[]): string {
  const text = (r: Row): string => {
    const s = STREAMS[r.s];
    return `${r.ts},${PROCESSORS[r.p] ?? ''},${s?.venue ?? ''},${s?.symbol ?? ''},${NAMES[r.n] ?? ''},${r.v}\n`;
  };
  return seriesHashOfCsv(rows.map(text).join(''));
}

function digest(rows: readonly Row[]): string {
  const bus = new SignalBus();
  for (const p of PROCESSORS) bus.processors.intern(p);
  for (const n of NAMES) bus.names.intern(n);
  const hasher = new SeriesHasher(bus, STREAMS);
  for (const r of rows) hasher.onValue(r.ts, r.p, r.s, r.n, r.v);
  expect(hasher.rows).toBe(rows.length);
  return hasher.digest();
}

const row: fc.Arbitrary<Row> = fc.record({
  ts: fc.oneof(fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.constant(1_723_075_200_000_000)),
  p: fc.integer({ min: 0, max: PROCESSORS.length - 1 }),
  // One id past the table (3): kept apart from the others, never aliasing a slot.
  s: fc.integer({ min: 0, max: STREAMS.length }),
  n: fc.integer({ min: 0, max: NAMES.length - 1 }),
  v: fc.oneof(fc.double(), fc.constantFrom(Number.NaN, -0, 0, Infinity, -Infinity)),
});

describe('SeriesHasher', () => {
  it('equals the BigInt reference of its definition', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        expect(digest(rows)).toBe(reference(rows));
      }),
    );
  });

  it('changes when any one field of any one row changes', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.constantFrom('ts', 'p', 's', 'n', 'v'),
        (rows, at, field) => {
          const i = at % rows.length;
          const r = rows[i] as Row;
          const changed: Row =
            field === 'ts'
              ? { ...r, ts: r.ts + 1 }
              : field === 'p'
                ? { ...r, p: (r.p + 1) % PROCESSORS.length }
                : field === 's'
                  ? { ...r, s: (r.s + 1) % STREAMS.length }
                  : field === 'n'
                    ? { ...r, n: (r.n + 1) % NAMES.length }
                    : { ...r, v: Number.isNaN(r.v) || r.v === 0 ? 1 : r.v === 1 ? 2 : 1 };
          const other = rows.map((x, k) => (k === i ? changed : x));
          expect(digest(other)).not.toBe(digest(rows));
        },
      ),
    );
  });

  it('hashes key text as FNV-1a 64 of its UTF-8 bytes', () => {
    for (const t of ['', 'ema:20,binance,BTCUSDT,ema', 'prix moyen €', '𝛔']) {
      const [hi, lo] = new Fnv1a64().str(t).words();
      expect((BigInt(hi) << 32n) | BigInt(lo)).toBe(fnv1a64Ref(t));
    }
  });
});
