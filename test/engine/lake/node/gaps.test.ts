// Gap detection on out-of-order staged rows (dataset-writer's sqlGaps, a bucketed hash
// aggregate with no sort) against an independent reference: sort the replay keys, list
// consecutive differences above the threshold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { sqlGaps } from '../../../../engine/lake/node/dataset-writer';

let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

function referenceGaps(keys: readonly number[], thresholdUs: number): { fromTsUs: number; toTsUs: number }[] {
  const sorted = [...keys].sort((a, b) => a - b);
  const out: { fromTsUs: number; toTsUs: number }[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] ?? 0;
    const b = sorted[i] ?? 0;
    if (b - a > thresholdUs) out.push({ fromTsUs: a, toTsUs: b });
  }
  return out;
}

describe('sqlGaps', () => {
  it('equals the sorted-keys reference on any row order, receive time or not', async () => {
    const T0 = 1_723_075_200_000_000;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50_000 }), fc.boolean()), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 5_000 }),
        async (rows, thresholdUs) => {
          // Exchange time 7 µs before the receive time; some rows have no receive time (NaN).
          const values = rows
            .map(([k, local]) => (local ? `(${T0 + k - 7}, ${T0 + k})` : `(${T0 + k}, 'NaN'::DOUBLE)`))
            .join(', ');
          await conn.run('CREATE OR REPLACE TABLE t (ts_us DOUBLE, local_ts_us DOUBLE)');
          await conn.run(`INSERT INTO t VALUES ${values}`);
          const got = await sqlGaps(conn, 't', 'trades', thresholdUs);
          const want = referenceGaps(
            rows.map(([k]) => T0 + k),
            thresholdUs,
          );
          expect(got.count).toBe(want.length);
          expect(got.gaps.map((g) => ({ fromTsUs: g.fromTsUs, toTsUs: g.toTsUs }))).toEqual(want);
          for (const g of got.gaps) expect(g.seconds).toBe((g.toTsUs - g.fromTsUs) / 1e6);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a gap of exactly the threshold is not a gap', async () => {
    await conn.run('CREATE OR REPLACE TABLE t (ts_us DOUBLE, local_ts_us DOUBLE)');
    await conn.run("INSERT INTO t VALUES (2000, 'NaN'::DOUBLE), (0, 'NaN'::DOUBLE), (1000, 'NaN'::DOUBLE)");
    expect((await sqlGaps(conn, 't', 'trades', 1000)).count).toBe(0);
    expect((await sqlGaps(conn, 't', 'trades', 999)).gaps.map((g) => g.toTsUs)).toEqual([1000, 2000]);
  });
});
