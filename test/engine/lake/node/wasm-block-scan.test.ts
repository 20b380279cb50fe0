// The WebAssembly block scanner (engine/lake/node/wasm/block-scan.as.ts, built into
// dist/node/block-scan.wasm) against the JavaScript one (formats/block-scan.ts), the reference:
// - on well-formed blocks, the same ParsedBlock in every field;
// - on blocks with every quirk, the same lines, and each line it marks plain is plain for the
//   JavaScript scanner too, scanned alone, with the same values, stream and timestamp units
//   (it may leave more lines to the general path, which is always safe, but never fewer);
// - blocks with more lines than one call takes, and reused arrays, change nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BlockScanner,
  LINE_PLAIN,
  SIDE_OUT,
  type BlockPlan,
  type ParsedBlock,
} from '../../../../engine/lake/node/formats/block-scan';
import { NUM, OPT_NUM, OPT_TS, TEXT, TS } from '../../../../engine/lake/node/formats/fused-scan';
import { WasmBlockScanner } from '../../../../engine/lake/node/formats/wasm-block-scan';
import { builtScanModule } from './lake-helpers';

/** Tardis trades: exchange, symbol, timestamp, local_timestamp, id, side, price, amount. */
const TRADES: BlockPlan = {
  plan: Uint8Array.from([TEXT, TEXT, TS, OPT_TS, OPT_NUM, TEXT, NUM, NUM]),
  venueCol: 0,
  symbolCol: 1,
  sideCol: 5,
  out: [2, 3, 4, 6, 7, SIDE_OUT],
};
/** Tardis quotes (no side): exchange, symbol, timestamp, local_timestamp, 4 numbers. */
const QUOTES: BlockPlan = {
  plan: Uint8Array.from([TEXT, TEXT, TS, OPT_TS, NUM, NUM, NUM, NUM]),
  venueCol: 0,
  symbolCol: 1,
  sideCol: -1,
  out: [2, 3, 4, 5, 6, 7],
};

const module = builtScanModule();
const enc = new TextEncoder();

const T0 = 1_723_075_200_000_000;
const digits = (lo: number, hi: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: lo, maxLength: hi }).map((d) => d.join(''));
/** Plain decimals of every shape the fast paths take: signs, leading zeros, no integer part, 19 digits. */
const decimal = fc.oneof(
  fc.integer({ min: 0, max: 1e9 }).map((v) => (v / 1000).toFixed(3)),
  fc
    .tuple(fc.constantFrom('', '-', '+'), digits(0, 10), fc.constantFrom('', '.'), digits(0, 9))
    .map((p) => p.join('')),
  digits(15, 19),
);
/** Epochs in s, ms, µs and ns, and of lengths no unit takes. */
const epoch = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 0, max: 1e9 }).map((d) => String(T0 + d)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1e9 }).map((d) => String(Math.floor((T0 + d) / 1000))) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1e6 }).map((d) => String(Math.floor(T0 / 1e6) + d)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 1e9 }).map((d) => `${T0 + d}${String(d % 1000).padStart(3, '0')}`),
  },
  { weight: 6, arbitrary: digits(1, 20) },
);
const name = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'binance-futures', 'bybit') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 90 }).map((i) => `S${i}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).filter((s) => !/[,\n\r"]/.test(s)) },
  { weight: 1, arbitrary: fc.constant('X'.repeat(140)) },
);
const odd = fc.constantFrom(
  '',
  ' 1',
  '1e3',
  'NaN',
  '"2"',
  '1.2.3',
  '-',
  '.',
  '+.5',
  '0x10',
  'a"b',
  '12345678901234567890',
);
const field = (plain: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 12, arbitrary: plain }, { weight: 1, arbitrary: odd });
const side = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('buy', 'sell') },
  { weight: 1, arbitrary: fc.constantFrom('BUY', 'b', 'sel', 'sells', '') },
);

/** A trade line; `quirks` mixes in odd fields and odd lines. */
const tradeLine = (quirks: boolean): fc.Arbitrary<string> => {
  const f = quirks ? field : (a: fc.Arbitrary<string>): fc.Arbitrary<string> => a;
  const line = fc
    .tuple(
      f(name),
      f(name),
      f(epoch),
      f(epoch),
      f(fc.integer({ min: 0, max: 1e9 }).map(String)),
      quirks ? side : fc.constantFrom('buy', 'sell'),
      f(decimal),
      f(decimal),
    )
    .map((p) => p.join(','));
  if (!quirks) return line;
  return fc.oneof(
    { weight: 20, arbitrary: line },
    { weight: 1, arbitrary: fc.constantFrom('', '\r', 'a,b', 'a,b,c,d,e,f,g,h,i', 'x,y,1,2,3,buy,"1,5",2') },
  );
};
const quoteLine = fc
  .tuple(
    fc.constantFrom('bybit', 'binance'),
    name,
    epoch,
    fc.oneof(epoch, fc.constant('')),
    decimal,
    decimal,
    decimal,
    decimal,
  )
  .map((p) => p.join(','));

/** A block: lines joined by LF or CRLF, with or without a final newline. */
const block = (line: fc.Arbitrary<string>) =>
  fc
    .record({
      lines: fc.array(line, { minLength: 1, maxLength: 120 }),
      crlf: fc.boolean(),
      final: fc.boolean(),
    })
    .map(({ lines, crlf, final }) => {
      const eol = crlf ? '\r\n' : '\n';
      return enc.encode(`${lines.join(eol)}${final ? eol : ''}`);
    });

/** The block's fields as plain data, plain lines' values only (others are scratch). */
function plainData(b: ParsedBlock, stride: number) {
  const rows = [];
  for (let i = 0; i < b.lines; i++) {
    const plain = b.status[i] === LINE_PLAIN;
    const id = b.streams[i] ?? 0;
    rows.push({
      start: b.starts[i],
      end: b.ends[i],
      plain,
      stream: plain ? `${b.venues[id]}|${b.symbols[id]}` : null,
      values: plain ? Array.from(b.values.subarray(i * stride, (i + 1) * stride)) : null,
    });
  }
  return { lines: b.lines, venues: b.venues, symbols: b.symbols, units: Array.from(b.units), rows };
}

describe('WebAssembly block scanner', () => {
  it.each([
    ['trades', TRADES, tradeLine(false)],
    ['quotes', QUOTES, quoteLine],
  ])('%s: well-formed blocks scan exactly as the JavaScript scanner does (property)', (_k, plan, line) => {
    const wasm = new WasmBlockScanner(plan, module);
    const js = new BlockScanner(plan);
    fc.assert(
      fc.property(block(line), (bytes) => {
        expect(plainData(wasm.scan(bytes), plan.out.length)).toEqual(
          plainData(js.scan(bytes), plan.out.length),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('quirky blocks: every line it marks plain is plain alone for the JavaScript scanner, same values (property)', () => {
    const wasm = new WasmBlockScanner(TRADES, module);
    const js = new BlockScanner(TRADES);
    const stride = TRADES.out.length;
    let plainLines = 0;
    let jsPlain = 0;
    fc.assert(
      fc.property(block(tradeLine(true)), (bytes) => {
        const w = plainData(wasm.scan(bytes), stride);
        const ref = plainData(js.scan(bytes), stride);
        expect(w.rows.map((r) => [r.start, r.end])).toEqual(ref.rows.map((r) => [r.start, r.end]));
        jsPlain += ref.rows.filter((r) => r.plain).length;
        for (const r of w.rows) {
          if (!r.plain) continue;
          plainLines++;
          const alone = plainData(js.scan(bytes.subarray(r.start ?? 0, r.end ?? 0)), stride);
          expect(alone.rows[0]).toEqual({ ...r, start: 0, end: (r.end ?? 0) - (r.start ?? 0) });
          // Its timestamps are in the block's units.
          for (const c of [2, 3]) if (alone.units[c] !== -2) expect(w.units[c]).toBe(alone.units[c]);
        }
      }),
      { numRuns: 200 },
    );
    // It leaves to the general path about the lines the JavaScript scanner does, not more.
    expect(plainLines).toBeGreaterThan(200);
    expect(plainLines).toBeGreaterThanOrEqual(0.95 * jsPlain);
  });

  it('every epoch and decimal length, each digit count and dot position, as the JavaScript scanner', () => {
    const wasm = new WasmBlockScanner(TRADES, module);
    const js = new BlockScanner(TRADES);
    const stride = TRADES.out.length;
    const cases: string[] = [];
    for (let n = 1; n <= 21; n++) {
      for (const d of ['1', '9', '0']) {
        const num = d === '0' ? `1${'0'.repeat(n - 1)}` : d.repeat(n);
        cases.push(`bybit,S,${num},,1,buy,1.5,2`); // the epoch: every unit's boundary, 2^53
        for (let dot = 0; dot <= n; dot++) {
          const dec = `${num.slice(0, dot)}.${num.slice(dot)}`;
          cases.push(`bybit,S,${T0},,1,sell,${dec},-${dec}`, `bybit,S,${T0},,${num},buy,+${num},0`);
        }
      }
    }
    for (const line of cases) {
      // One line per block: each is the block's first timestamp, which sets its unit.
      const bytes = enc.encode(`${line}\n`);
      expect(plainData(wasm.scan(bytes), stride), line).toEqual(plainData(js.scan(bytes), stride));
    }
    expect(cases.length).toBeGreaterThan(1000);
  });

  it('takes blocks of more lines than one call holds, and reused arrays, with the same result', () => {
    const wasm = new WasmBlockScanner(TRADES, module);
    const js = new BlockScanner(TRADES);
    const rows = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0
        ? ''
        : `bybit,S${i % 70},${T0 + i},${T0 + i + 5},${i},${i % 2 ? 'buy' : 'sell'},${i}.5,0.25`,
    );
    // Mostly blank lines: far more lines than bytes / 32.
    const bytes = enc.encode(`${rows.join('\n\n\n\n\n\n\n\n')}\n`);
    const first = wasm.scan(bytes);
    const expected = plainData(js.scan(bytes), TRADES.out.length);
    expect(first.lines).toBeGreaterThan((bytes.length >> 5) * 3);
    expect(plainData(first, TRADES.out.length)).toEqual(expected);
    // 70 streams: the 65th and later take the general path, as in the JavaScript scanner.
    expect(first.venues.length).toBe(64);
    const small = wasm.scan(enc.encode(`bybit,S1,${T0},,1,buy,1,2\n`));
    expect(plainData(wasm.scan(bytes, small), TRADES.out.length)).toEqual(expected);
  });

  it('rejects a plan that stages a column twice or stages a text column', () => {
    expect(() => new WasmBlockScanner({ ...TRADES, out: [2, 2, 4, 6, 7, SIDE_OUT] }, module)).toThrow(
      /staged twice/,
    );
    expect(() => new WasmBlockScanner({ ...TRADES, out: [2, 3, 4, 6, 7, 0] }, module)).toThrow(
      /column 0 is staged but not parsed as a number/,
    );
  });

  it('rejects a plan it cannot hold', () => {
    expect(() => new WasmBlockScanner({ ...TRADES, plan: new Uint8Array(65) }, module)).toThrow(
      /65 columns, allowed 1\.\.64/,
    );
  });
});
