// The staging Parquet writer: DuckDB must read back exactly what was written — every bit of
// every double (NaN, −0, extremes), in row order, across row groups — and a file with no rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ParquetDoublesWriter } from '../../../../engine/lake/node/parquet-doubles';
import { cleanup, tempDir } from './lake-helpers';

const dir = tempDir('tb-pq-');
let instance: DuckDBInstance;
let conn: DuckDBConnection;
let files = 0;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  cleanup(dir);
});

const hex = (x: number): string => Buffer.from(new Float64Array([x]).buffer).toString('hex');

/** Reads the file back in file order; each value as the hex of its bits. */
async function readBack(path: string, names: readonly string[]): Promise<string[][]> {
  const cols = names.map((n) => `"${n}"`).join(', ');
  const r = await conn.runAndReadAll(
    `SELECT ${cols} FROM read_parquet('${path}', file_row_number = true) ORDER BY file_row_number`,
  );
  return r.getRows().map((row) => row.map((v) => hex(Number(v))));
}

describe('ParquetDoublesWriter', () => {
  it('round-trips any doubles bit for bit, in order, across row groups (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.array(fc.double(), { minLength: 20, maxLength: 20 }), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 17 }),
        async (width, rows, groupRows) => {
          const names = Array.from({ length: width }, (_, i) => `c${i}`);
          const path = join(dir, `p${files++}.parquet`);
          const w = new ParquetDoublesWriter(path, names);
          const cols = names.map(() => new Float64Array(groupRows));
          let fill = 0;
          for (const row of rows) {
            cols.forEach((c, i) => (c[fill] = row[i] ?? 0));
            if (++fill === groupRows) {
              w.appendRowGroup(cols, fill);
              fill = 0;
            }
          }
          w.appendRowGroup(cols, fill);
          w.close();
          expect(w.rowCount).toBe(rows.length);
          const want = rows.map((row) => names.map((_, i) => hex(row[i] ?? 0)));
          expect(await readBack(path, names)).toEqual(want);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('writes the special values DuckDB must see as doubles: NaN, ±0, ±Infinity, extremes', async () => {
    const values = [Number.NaN, -0, 0, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2];
    const path = join(dir, 'special.parquet');
    const w = new ParquetDoublesWriter(path, ['x']);
    w.appendRowGroup([Float64Array.from(values)], values.length);
    w.close();
    expect((await readBack(path, ['x'])).map((r) => r[0])).toEqual(values.map(hex));
    const t = await conn.runAndReadAll(`SELECT typeof(x) FROM read_parquet('${path}') LIMIT 1`);
    expect(t.getRows()[0]?.[0]).toBe('DOUBLE');
  });

  it('a file with no rows is valid and empty', async () => {
    const path = join(dir, 'empty.parquet');
    const w = new ParquetDoublesWriter(path, ['a', 'b']);
    w.appendRowGroup([new Float64Array(4), new Float64Array(4)], 0);
    w.close();
    const r = await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${path}')`);
    expect(Number(r.getRows()[0]?.[0])).toBe(0);
  });

  it('refuses a row group whose columns do not match, naming the counts', () => {
    const w = new ParquetDoublesWriter(join(dir, 'bad.parquet'), ['a', 'b']);
    expect(() => {
      w.appendRowGroup([new Float64Array(2)], 2);
    }).toThrow(/1 columns; the file has 2/);
    expect(() => {
      w.appendRowGroup([new Float64Array(2), new Float64Array(1)], 2);
    }).toThrow(/column of 1 values; row group of 2/);
  });
});
