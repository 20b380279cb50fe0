import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuck } from '../../../../engine/lake/node/duck';
import { readColumnAsDouble } from '../../../../engine/lake/node/raw-chunks';

const dir = mkdtempSync(join(tmpdir(), 'tb-raw-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('raw chunk paths', () => {
  it('copies DOUBLE columns out of result chunks, across chunk boundaries, NaN kept', async () => {
    const db = await openDuck(join(dir, 'x.duckdb'));
    const conn = await db.connect();
    await conn.run('CREATE TABLE t (a DOUBLE, b DOUBLE)');
    const n = 5000; // more than two vectors, not a multiple of 2048
    const a = Float64Array.from({ length: n }, (_, i) => i * 1.5);
    await conn.run(
      `INSERT INTO t SELECT i * 1.5, CASE WHEN i % 7 = 0 THEN 'NaN'::DOUBLE ELSE -i END FROM range(${n}) r(i)`,
    );
    const sums = await conn.runAndReadAll('SELECT count(*), sum(a), count(*) FILTER (WHERE isnan(b)) FROM t');
    expect(sums.getRows()[0]?.map(Number)).toEqual([n, (1.5 * (n - 1) * n) / 2, Math.ceil(n / 7)]);
    const result = await conn.stream('SELECT a, b FROM t');
    const outA = new Float64Array(n);
    const outB = new Float64Array(n);
    let at = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk !== null && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      readColumnAsDouble(chunk, 1, outB, at);
      at += readColumnAsDouble(chunk, 0, outA, at);
    }
    expect(at).toBe(n);
    expect(outA).toEqual(a);
    expect(outB).toEqual(Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Number.NaN : -i)));
    conn.closeSync();
  });

  it('widens BIGINT, INTEGER, TINYINT and BOOLEAN columns to doubles exactly, NULL to NaN', async () => {
    const db = await openDuck(join(dir, 'y.duckdb'));
    const conn = await db.connect();
    // Values around 2^32 and up to 2^53 - 1 test the hi/lo combination, negatives its sign.
    const bigs = [
      0,
      1,
      -1,
      4294967295,
      4294967296,
      -4294967297,
      1_723_161_253_937_085,
      2 ** 53 - 1,
      -(2 ** 53 - 1),
    ];
    const rows = bigs.map(
      (b, i) =>
        `(${b}::BIGINT, ${i % 3 === 0 ? 'NULL' : -i * 1000}::INTEGER, ${i % 2 === 0 ? 1 : -1}::TINYINT, ${i % 2 === 0})`,
    );
    const result = await conn.stream(`SELECT * FROM (VALUES ${rows.join(', ')}) t(a, b, c, d)`);
    const chunk = await result.fetchChunk();
    if (chunk === null) throw new Error('no chunk');
    const cols = [0, 1, 2, 3].map(() => new Float64Array(bigs.length));
    cols.forEach((out, c) => readColumnAsDouble(chunk, c, out, 0));
    expect(Array.from(cols[0] ?? [])).toEqual(bigs);
    expect(Array.from(cols[1] ?? [])).toEqual(bigs.map((_, i) => (i % 3 === 0 ? Number.NaN : -i * 1000)));
    expect(Array.from(cols[2] ?? [])).toEqual(bigs.map((_, i) => (i % 2 === 0 ? 1 : -1)));
    expect(Array.from(cols[3] ?? [])).toEqual(bigs.map((_, i) => (i % 2 === 0 ? 1 : 0)));
    conn.closeSync();
  });

  it('turns NULLs into NaN wherever they fall in the validity bytes (runs of valid rows skipped)', async () => {
    const db = await openDuck(join(dir, 'z.duckdb'));
    const conn = await db.connect();
    const n = 4999; // ends inside a validity byte, over three vectors
    // NULL at every 13th row, and at every row of 3000..3020 (whole bytes of NULLs).
    const isNull = (i: number): boolean => i % 13 === 5 || (i >= 3000 && i < 3020);
    const result = await conn.stream(
      `SELECT CASE WHEN i % 13 = 5 OR (i >= 3000 AND i < 3020) THEN NULL ELSE i * 2 END::BIGINT FROM range(${n}) r(i)`,
    );
    const out = new Float64Array(n);
    let at = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk !== null && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    )
      at += readColumnAsDouble(chunk, 0, out, at);
    expect(at).toBe(n);
    expect(Array.from(out)).toEqual(Array.from({ length: n }, (_, i) => (isNull(i) ? Number.NaN : i * 2)));
    conn.closeSync();
  });
});
