import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { TickbenchError } from '../../core/errors';
import { formatTsUs } from '../../core/time';
import { queryObjects } from './duck';
import { newImportId } from './importer';
import type { Lake } from './lake';
import type { DatasetInfo, QualitySummary } from './lake-types';
import { refreshViews } from './catalog';
import { sqlString, sqlStringList } from './sql';

const UNITS_S: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses `1s`, `5m`, `1h`, `1d` or plain seconds into seconds. */
export function parseIntervalS(text: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  const n = m?.[1] !== undefined ? Number(m[1]) * (UNITS_S[m[2] || 's'] ?? 1) : Number.NaN;
  if (!Number.isInteger(n) || n <= 0 || n > 7 * 86400) {
    throw new TickbenchError(
      'invalid-argument',
      `--interval ${JSON.stringify(text)}: allowed a positive duration up to 7d like 1s, 5m, 1h, 1d`,
    );
  }
  return n;
}

/**
 * Builds OHLCV bars (with trade counts) from a trades dataset, bucketed by exchange time
 * (`ts_us`); open/close are the first/last trade by (ts_us, trade_id). Stored as a new `bars`
 * dataset, committed in one transaction like an import.
 */
export async function buildBars(
  lake: Lake,
  dataset: string,
  intervalS: number,
  name?: string,
): Promise<DatasetInfo> {
  const src = await lake.getDataset(dataset);
  if (src.kind !== 'trades')
    throw new TickbenchError(
      'invalid-argument',
      `--dataset ${dataset}: is ${src.kind}, allowed a trades dataset`,
    );
  const files = await lake.datasetFiles(dataset);
  if (files.length === 0) throw new TickbenchError('bad-input', `dataset ${dataset} has no rows`);
  const label =
    intervalS % 86400 === 0
      ? `${intervalS / 86400}d`
      : intervalS % 3600 === 0
        ? `${intervalS / 3600}h`
        : intervalS % 60 === 0
          ? `${intervalS / 60}m`
          : `${intervalS}s`;
  const target = name ?? `${dataset}.bars-${label}`;
  const importId = newImportId();
  const bucket = intervalS * 1_000_000;
  const barsSql = `SELECT venue, symbol, (ts_us // ${bucket}) * ${bucket} AS ts_us, CAST(${intervalS} AS INTEGER) AS interval_s,
      first(price ORDER BY ts_us, trade_id) AS open, max(price) AS high, min(price) AS low,
      last(price ORDER BY ts_us, trade_id) AS close, sum(size) AS volume, count(*) AS trades
    FROM read_parquet(${sqlStringList(files)}) GROUP BY ALL ORDER BY ts_us`;
  return lake
    .withConnection(async (conn) => {
      const exists = await queryObjects(conn, 'SELECT 1 FROM datasets WHERE name = $1', [target]);
      if (exists.length > 0) throw new TickbenchError('already-exists', `dataset ${target} already exists`);
      const date = formatTsUs(src.firstTsUs ?? 0).slice(0, 10);
      const rel = `lake/bars/venue=${encodeURIComponent(src.venue)}/symbol=${encodeURIComponent(src.symbol)}/date=${date}/part-${importId}-0.parquet`;
      const abs = resolve(lake.workspace, rel);
      mkdirSync(dirname(abs), { recursive: true });
      await conn.run(
        `COPY (${barsSql}) TO ${sqlString(abs)} (FORMAT parquet, COMPRESSION snappy, PARQUET_VERSION V2)`,
      );
      const stats = (
        await queryObjects(
          conn,
          `SELECT count(*) AS n, min(ts_us) AS a, max(ts_us) AS b FROM read_parquet(${sqlString(abs)})`,
        )
      )[0];
      const rows = Number(stats?.n ?? 0);
      const quality: QualitySummary = {
        rowsRead: rows,
        accepted: rows,
        rejected: 0,
        duplicates: 0,
        outOfOrder: 0,
        rejectReasons: {},
        timestampUnits: { ts_us: 'us' },
        gapThresholdS: intervalS,
        gaps: [],
        gapCount: 0,
        feedLatency: null,
      };
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run(
          `INSERT INTO datasets VALUES ($1, 'bars', $2, $3, $4, 0, 0, $5, $6, $7, $8, now(), $9::JSON::VARCHAR[], $10::JSON, $11::JSON)`,
          [
            target,
            src.venue,
            src.symbol,
            rows,
            Number(stats?.a ?? 0),
            Number(stats?.b ?? 0),
            `bars:${label} of ${dataset}`,
            importId,
            JSON.stringify([rel]),
            JSON.stringify(src.sourceFiles),
            JSON.stringify(quality),
          ],
        );
        await conn.run('COMMIT');
      } catch (error) {
        await conn.run('ROLLBACK');
        throw error;
      }
      await refreshViews(conn, lake.workspace);
      return target;
    })
    .then((n) => lake.getDataset(n));
}
