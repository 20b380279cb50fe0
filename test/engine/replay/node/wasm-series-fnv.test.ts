// The output hash's FNV steps in WebAssembly against a BigInt reference of their definition
// (six 32-bit words per row, NaN canonical, −0 as 0) and against the JavaScript steps, row by
// row, on random rows with NaN payloads, signed zeros and infinities; and SeriesHasher's digest
// with either, value by value and a kernel run's values at once (merged and keyed inside the
// module). The module is the one `npm run build:node` builds (which `npm ci` runs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SignalBus } from '../../../../engine/bus/signal-bus';
import { SeriesBuffer } from '../../../../engine/kernel/series-buffer';
import type { StreamInfo } from '../../../../engine/model/events';
import { wasmFnvRows } from '../../../../engine/replay/node/wasm-series-fnv';
import { JsFnvRows, SeriesHasher, type FnvRows } from '../../../../engine/replay/series-hash';
import { builtWasmModule } from '../../lake/node/lake-helpers';

const MODULE = builtWasmModule('series-fnv.wasm');

const STREAMS: StreamInfo[] = [
  { id: 0, venue: 'binance', symbol: 'BTCUSDT', kind: 'trades', source: 'a' },
  { id: 1, venue: 'bybit', symbol: 'ETHUSDT', kind: 'quotes', source: 'b' },
];

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** The float64 bits of `v` as they are (a time, never NaN). */
function rawBits(v: number): bigint {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b.readBigUInt64LE();
}

/** The float64 bits of a value: every NaN as the quiet NaN, −0 as 0. */
function valueBits(v: number): bigint {
  if (Number.isNaN(v)) return 0x7ff8000000000000n;
  return rawBits(Object.is(v, -0) ? 0 : v);
}

/** The state after `rows`, by the definition: FNV-1a 64 over each row's six words. */
function reference(rows: readonly Row[]): bigint {
  let h = OFFSET;
  for (const r of rows) {
    const t = rawBits(r.ts);
    const v = valueBits(r.v);
    const words = [t & 0xffffffffn, t >> 32n, BigInt(r.keyLo), BigInt(r.keyHi), v & 0xffffffffn, v >> 32n];
    for (const w of words) h = ((h ^ w) * PRIME) & MASK;
  }
  return h;
}

interface Row {
  readonly ts: number;
  readonly keyLo: number;
  readonly keyHi: number;
  readonly v: number;
}

/** Doubles of any bit pattern (NaN payloads and signalling NaNs included), and the edge values. */
const anyDouble = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, -0, 0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE),
  fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })).map(([lo, hi]) => {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(lo, 0);
    b.writeUInt32LE(hi, 4);
    return b.readDoubleLE(0);
  }),
);

const rowArb: fc.Arbitrary<Row> = fc.record({
  // Times are hashed bit for bit (−0 included); they are never NaN.
  ts: fc.oneof(fc.double({ noNaN: true }), fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.constant(-0)),
  keyLo: fc.nat({ max: 0xffffffff }),
  keyHi: fc.nat({ max: 0xffffffff }),
  v: anyDouble,
});

function state(f: FnvRows): bigint {
  return (BigInt(f.high() >>> 0) << 32n) | BigInt(f.low() >>> 0);
}

describe('series hash FNV steps in WebAssembly', () => {
  it('equal the BigInt definition and the JavaScript steps after every row', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), (rows) => {
        const w = wasmFnvRows(MODULE);
        const js = new JsFnvRows();
        w.reset();
        expect(state(w)).toBe(OFFSET);
        for (const [i, r] of rows.entries()) {
          w.row(r.ts, r.keyLo, r.keyHi, r.v);
          js.row(r.ts, r.keyLo, r.keyHi, r.v);
          expect(state(w)).toBe(state(js));
          if (i === rows.length - 1) expect(state(w)).toBe(reference(rows));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps one state per instance, and reset starts it over', () => {
    const a = wasmFnvRows(MODULE);
    const b = wasmFnvRows(MODULE);
    a.reset();
    b.reset();
    a.row(1, 2, 3, 4);
    expect(state(b)).toBe(OFFSET);
    a.reset();
    expect(state(a)).toBe(OFFSET);
  });

  it('gives SeriesHasher the digest of the JavaScript steps', () => {
    const value = fc.record({
      ts: fc.integer({ min: 0, max: 2 ** 53 - 1 }),
      p: fc.integer({ min: 0, max: 1 }),
      s: fc.integer({ min: 0, max: 2 }),
      n: fc.integer({ min: 0, max: 1 }),
      v: anyDouble,
    });
    fc.assert(
      fc.property(fc.array(value, { maxLength: 50 }), (values) => {
        const digests = [new JsFnvRows(), wasmFnvRows(MODULE)].map((fnv) => {
          const bus = new SignalBus();
          bus.processors.intern('ema:20');
          bus.processors.intern('vwap:60s');
          bus.names.intern('ema');
          bus.names.intern('vwap');
          const hasher = new SeriesHasher(bus, STREAMS, fnv);
          for (const x of values) hasher.onValue(x.ts, x.p, x.s, x.n, x.v);
          return hasher.digest();
        });
        expect(digests[1]).toBe(digests[0]);
        expect(digests[0]).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
  });

  it('hashes whole kernel runs in one call to the digest of hashing value by value', () => {
    // Runs as the kernel hands them over: up to 5 processors' buffers of events [from, to), at
    // times interning a new name (the module's key cache is laid out again), with stream ids
    // and name indices beyond the session's table (keys the cache cannot hold).
    const runValue = fc.record({
      step: fc.nat({ max: 2 }),
      s: fc.integer({ min: 0, max: 3 }),
      n: fc.integer({ min: 0, max: 4 }),
      v: anyDouble,
    });
    const runArb = fc.record({
      from: fc.nat({ max: 5 }),
      values: fc.array(fc.array(runValue, { maxLength: 12 }), { minLength: 1, maxLength: 5 }),
      newName: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(runArb, { minLength: 1, maxLength: 6 }), (calls) => {
        const results = [new JsFnvRows(), wasmFnvRows(MODULE)].map((fnv) => {
          const bus = new SignalBus();
          const labels = ['ema:20', 'vwap:60s', 'var:100', 'rsi:14', 'drawdown'];
          const buffers = labels.map((l) => new SeriesBuffer(bus.processors.intern(l), 2));
          bus.names.intern('ema');
          bus.names.intern('vwap');
          const hasher = new SeriesHasher(bus, STREAMS, fnv);
          calls.forEach((call, c) => {
            if (call.newName) bus.names.intern(`name${c}`);
            let to = call.from + 1;
            const runs = call.values.map((values, r) => {
              const buffer = buffers[r] as SeriesBuffer;
              buffer.clear();
              let ev = call.from;
              for (const x of values) {
                ev += x.step;
                buffer.push(ev, 1_700_000_000_000_000 + ev, x.s, x.n, x.v);
              }
              to = Math.max(to, ev + 1);
              return buffer;
            });
            hasher.onRuns(runs, call.from, to);
          });
          return [hasher.digest(), hasher.rows];
        });
        expect(results[1]).toEqual(results[0]);
      }),
      { numRuns: 300 },
    );
  });

  it('hashes a run too large for the module value by value, to the same digest', () => {
    const fnv = wasmFnvRows(MODULE);
    const digests = [new JsFnvRows(), fnv].map((f) => {
      const bus = new SignalBus();
      const buffer = new SeriesBuffer(bus.processors.intern('ema:20'));
      bus.names.intern('ema');
      // More values than one call of the module takes (32 768): the hasher goes row by row.
      for (let i = 0; i < 40_000; i++) buffer.push(i >> 3, i, i % 2, 0, Math.sin(i));
      const hasher = new SeriesHasher(bus, STREAMS, f);
      hasher.onRuns([buffer], 0, 5000);
      expect(hasher.rows).toBe(40_000);
      return hasher.digest();
    });
    expect(digests[1]).toBe(digests[0]);
    const runs = Array.from({ length: 65 }, (_, p) => new SeriesBuffer(p));
    expect(fnv.runs?.(runs, 0, 1, new SeriesHasher(new SignalBus(), STREAMS, fnv))).toBe(false);
  });
});
