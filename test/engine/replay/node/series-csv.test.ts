// The series CSV written from bytes must be exactly the text of one template literal per row
// (JavaScript's String() for the numbers): random rows with repeated and changing times,
// non-ASCII names, NaN, -0 and infinities, a key longer than the buffer's slack, and enough
// rows to flush several times.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERIES_CSV_HEADER, SeriesCsvFile } from '../../../../engine/replay/node/series-csv';

const dir = mkdtempSync(join(tmpdir(), 'tb-series-csv-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Row = readonly [number, string, string, string, string, number];

const row: fc.Arbitrary<Row> = fc.tuple(
  fc.oneof(
    fc.constantFrom(1_723_075_200_000_000, 1_723_075_200_000_001),
    fc.integer({ min: 0, max: 2 ** 53 - 1 }),
  ),
  fc.constantFrom('ema:20', 'vwap:60s', 'bbo'),
  fc.constantFrom('binance-futures', 'bybit'),
  fc.constantFrom('BTCUSDT', 'ÉTH/€', 'x'.repeat(5000)),
  fc.constantFrom('ema', 'bid', 'prix moyen', '𝛔'),
  fc.oneof(fc.double(), fc.constantFrom(Number.NaN, -0, Infinity, -Infinity, 63939.8)),
);

let runs = 0;
function written(rows: readonly Row[]): string {
  const path = join(dir, `s${runs++}.csv`);
  const file = new SeriesCsvFile(path);
  for (const r of rows) file.write(...r);
  file.close();
  return readFileSync(path, 'utf8');
}

describe('SeriesCsvFile', () => {
  it('writes the header and one template-literal line per row', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), (rows) => {
        const expected = rows.map(([t, p, v, s, n, x]) => `${t},${p},${v},${s},${n},${x}\n`).join('');
        expect(written(rows)).toBe(SERIES_CSV_HEADER + expected);
      }),
      { numRuns: 40 },
    );
  });

  it('flushes as it goes: 60 000 rows (several MB) come out whole and in order', () => {
    const rows: Row[] = Array.from({ length: 60_000 }, (_, i) => [
      1_723_075_200_000_000 + Math.floor(i / 9),
      'ema:20',
      'binance-futures',
      `SYM${i % 10}USDT`,
      'ema',
      100 + i / 7,
    ]);
    const lines = written(rows).split('\n');
    expect(lines.length).toBe(rows.length + 2); // header, rows, '' after the last newline
    expect(lines[rows.length]).toBe(
      `1723075200006666,ema:20,binance-futures,SYM9USDT,ema,${100 + 59_999 / 7}`,
    );
  });

  it('drop closes without writing what is buffered', () => {
    const path = join(dir, 'dropped.csv');
    const file = new SeriesCsvFile(path);
    file.write(1, 'ema:20', 'v', 's', 'ema', 1);
    file.drop();
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
