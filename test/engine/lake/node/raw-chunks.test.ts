import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuck } from '../../../../engine/lake/node/duck';
import { RawDoubleAppender, readDoubleColumn } from '../../../../engine/lake/node/raw-chunks';

const dir = mkdtempSync(join(tmpdir(), 'tb-raw-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('raw chunk paths', () => {
  it('round-trips Float64 columns through an appender and result chunks', async () => {
    const db = await openDuck(join(dir, 'x.duckdb'));
    const conn = await db.connect();
    await conn.run('CREATE TABLE t (a DOUBLE, b DOUBLE)');
    const n = 5000; // more than two vectors, not a multiple of 2048
    const a = Float64Array.from({ length: n }, (_, i) => i * 1.5);
    const b = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? Number.NaN : -i));
    const app = new RawDoubleAppender(conn, 't', 2);
    app.append([a.subarray(0, 1000), b.subarray(0, 1000)], 1000);
    app.append([a.subarray(1000), b.subarray(1000)], n - 1000);
    app.close();
    const sums = await conn.runAndReadAll('SELECT count(*), sum(a), count(*) FILTER (WHERE isnan(b)) FROM t');
    expect(sums.getRows()[0]?.map(Number)).toEqual([n, (1.5 * (n - 1) * n) / 2, Math.ceil(n / 7)]);
    const result = await conn.stream('SELECT a, b FROM t');
    const outA = new Float64Array(n);
    let at = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk !== null && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      at += readDoubleColumn(chunk, 0, outA, at);
    }
    expect(at).toBe(n);
    expect(outA).toEqual(a);
    conn.closeSync();
  });
});
