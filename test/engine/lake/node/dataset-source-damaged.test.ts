// A damaged Parquet page in the middle of a dataset's file: DuckDB's streaming result then ends
// early, as if the data ended, with no error (its materialized query does fail). The read must
// notice from the dataset's row count and fail with a clear error naming the dataset, the row
// and the file — never hand a replay a silently truncated stream.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetSource, selectList, type ReadPlan } from '../../../../engine/lake/node/dataset-source';
import { sqlString } from '../../../../engine/lake/node/sql';
import { cleanup, tempDir } from './lake-helpers';

const ROWS = 200_000;
let dir = '';
let instance: DuckDBInstance;
let good = '';
let damaged = '';

beforeAll(async () => {
  dir = tempDir('tb-damaged-');
  instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  good = join(dir, 'good.parquet');
  damaged = join(dir, 'damaged.parquet');
  // Ten row groups, so that the damage sits in the middle of the file.
  await conn.run(
    `COPY (SELECT 1_700_000_000_000_000 + i * 1000 AS ts_us, 1_700_000_000_000_000 + i * 1000 + 7 AS local_ts_us,
                  (100 + (i % 97) * 0.01)::DOUBLE AS price, 1.0::DOUBLE AS size, 1 AS side, i AS trade_id
             FROM range(${ROWS}) t(i))
       TO ${sqlString(good)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 20000)`,
  );
  // Overwrite the page header of the price column in the 7th row group.
  const meta = await conn.runAndReadAll(
    `SELECT data_page_offset FROM parquet_metadata(${sqlString(good)})
      WHERE row_group_id = 6 AND path_in_schema = 'price'`,
  );
  const offset = Number(meta.getRows()[0]?.[0]);
  const bytes = readFileSync(good);
  bytes.fill(0xff, offset, offset + 16);
  writeFileSync(damaged, bytes);
  conn.closeSync();
});

afterAll(() => {
  instance.closeSync();
  cleanup(dir);
});

function plan(file: string, totalExact: boolean): ReadPlan {
  return {
    stream: {
      id: 0,
      venue: 'binance',
      symbol: 'BTCUSDT',
      kind: 'trades',
      source: 'binance.BTCUSDT.trades.test',
    },
    sql: `SELECT ${selectList('trades', ['a']).join(', ')} FROM read_parquet(${sqlString(file)})`,
    total: ROWS,
    totalExact,
    files: [file],
    columns: ['a'],
  };
}

async function readAll(p: ReadPlan): Promise<number> {
  const source = datasetSource(p, () => instance.connect());
  let rows = 0;
  try {
    for await (const b of source.batches()) rows += b.length;
  } finally {
    await source.close();
  }
  return rows;
}

describe('a dataset read over a damaged Parquet file', () => {
  it('reads the intact file whole', async () => {
    expect(await readAll(plan(good, true))).toBe(ROWS);
  });

  it('fails with the dataset, the row and the file instead of ending early', async () => {
    const error = await readAll(plan(damaged, true)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'bad-input' });
    const message = (error as Error).message;
    expect(message).toMatch(/^dataset binance\.BTCUSDT\.trades\.test: the read stopped at row \d+ of 200000/);
    expect(message).toContain('damaged.parquet');
    const at = Number(/row (\d+)/.exec(message)?.[1]);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(ROWS);
  });

  it('without an exact count (a ranged scan) the read cannot tell, and says nothing', async () => {
    // The reason the count is exact wherever it can be: here DuckDB's early end goes unnoticed.
    const rows = await readAll(plan(damaged, false));
    expect(rows).toBeLessThan(ROWS);
  });
});
