import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TickbenchError } from '../../core/errors';
import { formatTsUs } from '../../core/time';
import { KIND_COLUMNS, type DataKind } from '../../model/kinds';
import { lakeColumnExpr } from './catalog';
import { queryNumber, queryObjects, str } from './duck';
import { LOCAL_STANDS_IN } from './formats/binance-ws';
import type { Gap, ImportFormat, ImportOptions, LatencyStats, QualitySummary } from './lake-types';
import type { StagedImport } from './staged-import';
import type { StagingArea, StreamStats } from './staging';
import { sqlIdent, sqlString } from './sql';

/*
 * The second half of an import: from staged rows to datasets. Per stream: dedup (only where ids
 * were not strictly increasing), the quality summary, and one Parquet file per day in replay
 * order. Nothing here is visible until the catalog commit.
 */

const US_PER_DAY = 86_400_000_000;

async function latencyStats(
  conn: DuckDBConnection,
  table: string,
  dupFilter: string,
): Promise<LatencyStats | null> {
  const rows = await queryObjects(
    conn,
    `SELECT count(*) AS n, min(d) AS mn, quantile_cont(d, [0.5, 0.99]) AS q, max(d) AS mx, avg(d) AS mean
       FROM (SELECT local_ts_us - ts_us AS d FROM ${table} WHERE NOT isnan(local_ts_us)${dupFilter})`,
  );
  // Both quantiles from one list argument: DuckDB sorts the values once, not once each.
  const r = rows[0];
  if (r === undefined || Number(r.n) === 0) return null;
  const q = Array.isArray(r.q) ? r.q : [];
  return {
    count: Number(r.n),
    minUs: Number(r.mn),
    p50Us: Number(q[0]),
    p99Us: Number(q[1]),
    maxUs: Number(r.mx),
    meanUs: Math.round(Number(r.mean)),
  };
}

/** The replay key of a staged row: receive time where present, else exchange time. */
function keyExpr(kind: DataKind): string {
  return KIND_COLUMNS[kind].some((c) => c.name === 'local_ts_us')
    ? 'CASE WHEN isnan(local_ts_us) THEN ts_us ELSE local_ts_us END'
    : 'ts_us';
}

/**
 * Gaps longer than `thresholdUs` between consecutive replay keys of a staged table, without
 * sorting it: keys are bucketed by `thresholdUs`. Two keys in one bucket are less than the
 * threshold apart, so every gap lies between the largest key of a non-empty bucket and the
 * smallest key of the next non-empty one — a hash aggregate and a scan of the bucket list.
 */
export async function sqlGaps(
  conn: DuckDBConnection,
  table: string,
  kind: DataKind,
  thresholdUs: number,
): Promise<{ gaps: QualitySummary['gaps']; count: number }> {
  const buckets = await queryObjects(
    conn,
    `SELECT floor(key / ${thresholdUs}) AS b, min(key) AS lo, max(key) AS hi
       FROM (SELECT ${keyExpr(kind)} AS key FROM ${table}) GROUP BY b ORDER BY b`,
  );
  const gaps: Gap[] = [];
  let count = 0;
  let prev = Number.NaN;
  for (const r of buckets) {
    const lo = Number(r.lo);
    if (lo - prev > thresholdUs) {
      count++;
      if (gaps.length < 1000) gaps.push({ fromTsUs: prev, toTsUs: lo, seconds: (lo - prev) / 1e6 });
    }
    prev = Number(r.hi);
  }
  return { gaps, count };
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

export async function writeDatasets(
  conn: DuckDBConnection,
  workspace: string,
  staged: StagedImport,
  options: ImportOptions,
  formats: ImportFormat[],
  connect?: () => Promise<DuckDBConnection>,
): Promise<void> {
  const existing = new Set((await queryObjects(conn, 'SELECT name FROM datasets')).map((r) => str(r.name)));
  const all: { area: StagingArea; stream: number; stats: StreamStats }[] = [];
  for (const area of staged.areas) area.stats.forEach((stats, stream) => all.push({ area, stream, stats }));
  const live = all.filter((d) => d.stats.rowsRead > 0);
  const kinds = new Set(live.map((d) => d.area.kind));
  const symbolsPerKind = new Map<DataKind, number>();
  for (const d of live) symbolsPerKind.set(d.area.kind, (symbolsPerKind.get(d.area.kind) ?? 0) + 1);
  // A symbol that comes from several venues in one kind needs the venue in its --dataset name.
  const venuesPerSymbol = new Map<string, number>();
  for (const d of live) {
    const k = `${d.area.kind}\u0000${d.area.streams[d.stream]?.symbol ?? ''}`;
    venuesPerSymbol.set(k, (venuesPerSymbol.get(k) ?? 0) + 1);
  }
  const thresholdUs = (options.gapThresholdS ?? 60) * 1e6;
  const format = [...new Set(formats)].join('+');
  // The Parquet files are written after the quality pass, two at a time (see runCopies).
  const copies: string[] = [];
  for (const { area, stream, stats } of live) {
    const { venue, symbol } = area.streams[stream] ?? { venue: '?', symbol: '?' };
    const table = area.tableOf(stream);
    const key = keyExpr(area.kind);
    const firstDay = stats.days.size > 0 ? Math.min(...stats.days) : 0;
    let name: string;
    if (options.dataset !== undefined) {
      const oneKindOneSymbol = (symbolsPerKind.get(area.kind) ?? 0) === 1;
      name =
        live.length === 1
          ? options.dataset
          : kinds.size > 1 && oneKindOneSymbol
            ? `${options.dataset}.${area.kind}`
            : (venuesPerSymbol.get(`${area.kind}\u0000${symbol}`) ?? 0) > 1
              ? `${options.dataset}.${venue}.${symbol}.${area.kind}`
              : `${options.dataset}.${symbol}.${area.kind}`;
      if (existing.has(name))
        throw new TickbenchError(
          'already-exists',
          `dataset ${name} already exists; choose another --dataset name`,
        );
      existing.add(name);
    } else {
      name = uniqueName(
        `${venue}.${symbol}.${area.kind}.${formatTsUs(firstDay * US_PER_DAY).slice(0, 10)}`,
        existing,
      );
    }
    // Duplicates are possible only where ids were not strictly increasing.
    let duplicates = 0;
    let dupFilter = '';
    if (!stats.idsMonotone) {
      const idCol = area.kind === 'trades' ? 'trade_id' : 'ts_us';
      const dupTable = `${sqlIdent(area.catalog)}.main.${sqlIdent(`dups_${area.kind}_${stream}`)}`;
      await conn.run(
        `CREATE TABLE ${dupTable} AS SELECT rid FROM (SELECT rowid AS rid, row_number() OVER (PARTITION BY ${sqlIdent(idCol)} ORDER BY rowid) AS rn
           FROM ${table} WHERE NOT isnan(${sqlIdent(idCol)})) WHERE rn > 1`,
      );
      duplicates = await queryNumber(conn, `SELECT count(*) FROM ${dupTable}`);
      if (duplicates > 0) dupFilter = ` AND rowid NOT IN (SELECT rid FROM ${dupTable})`;
    }
    const rows = stats.accepted - duplicates;
    const gaps =
      stats.outOfOrder > 0
        ? await sqlGaps(conn, table, area.kind, thresholdUs)
        : { gaps: stats.gaps, count: stats.gapCount };
    const quality: QualitySummary = {
      rowsRead: stats.rowsRead,
      accepted: rows,
      rejected: stats.rejected,
      duplicates,
      outOfOrder: stats.outOfOrder,
      rejectReasons: stats.rejectReasons,
      timestampUnits: stats.timestampUnits,
      gapThresholdS: thresholdUs / 1e6,
      gaps: gaps.gaps,
      gapCount: gaps.count,
      // Latency is meaningless where the receive time stood in for the exchange time.
      feedLatency:
        area.kind === 'bars' || stats.timestampUnits.ts_us === LOCAL_STANDS_IN
          ? null
          : await latencyStats(conn, table, dupFilter),
    };
    const files: string[] = [];
    const cols = KIND_COLUMNS[area.kind].map(
      (c) => `${lakeColumnExpr(c.name, c.type, c.nullable)} AS ${sqlIdent(c.name)}`,
    );
    const order = stats.outOfOrder > 0 ? ` ORDER BY ${key}, rowid` : '';
    const days = [...stats.days].sort((a, b) => a - b);
    for (const day of rows > 0 ? days : []) {
      const date = formatTsUs(day * US_PER_DAY).slice(0, 10);
      const rel = `lake/${area.kind}/venue=${encodeURIComponent(venue)}/symbol=${encodeURIComponent(symbol)}/date=${date}/part-${staged.importId}-${stream}.parquet`;
      const abs = resolve(workspace, rel);
      mkdirSync(dirname(abs), { recursive: true });
      const dayFilter =
        days.length > 1 ? ` AND ${key} >= ${day * US_PER_DAY} AND ${key} < ${(day + 1) * US_PER_DAY}` : '';
      staged.written.push(abs);
      // Row groups of DuckDB's default size (122 880 rows), not larger: a read starts by
      // decoding each column's first row group, so a replay of 10 datasets waited ~65 ms for
      // its first batch with row groups of 1 M rows against ~32 ms, and a time range skips
      // whole row groups by their statistics. The files grow ~3 %.
      copies.push(
        `COPY (SELECT ${sqlString(venue)} AS venue, ${sqlString(symbol)} AS symbol, ${cols.join(', ')}
                 FROM ${table} WHERE true${dayFilter}${dupFilter}${order})
           TO ${sqlString(abs)} (FORMAT parquet, COMPRESSION snappy, PARQUET_VERSION V2, ROW_GROUP_SIZE 122880)`,
      );
      files.push(rel);
    }
    const sources = staged.sources.filter((s) => stats.files.has(s.fileIndex));
    staged.datasets.push({
      name,
      kind: area.kind,
      venue,
      symbol,
      rows,
      rejected: stats.rejected,
      duplicates,
      firstTsUs: rows > 0 ? stats.firstTsUs : null,
      lastTsUs: rows > 0 ? stats.lastTsUs : null,
      format,
      files,
      sources: sources.length > 0 ? sources : staged.sources,
      quality,
      stream,
      area,
    });
  }
  await runCopies(conn, copies, connect);
}

/**
 * Runs the Parquet-writing statements, two at a time when a second connection can be opened:
 * DuckDB writes one Parquet file at ~2 M rows/s here, and two files at once use both cores
 * better. All statements finish (or fail) before this returns; the first failure is thrown.
 */
async function runCopies(
  conn: DuckDBConnection,
  copies: readonly string[],
  connect: (() => Promise<DuckDBConnection>) | undefined,
): Promise<void> {
  const second = connect !== undefined && copies.length > 1 ? await connect() : undefined;
  let next = 0;
  const worker = async (c: DuckDBConnection): Promise<void> => {
    for (let sql = copies[next++]; sql !== undefined; sql = copies[next++]) await c.run(sql);
  };
  try {
    const results = await Promise.allSettled(
      second === undefined ? [worker(conn)] : [worker(conn), worker(second)],
    );
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  } finally {
    second?.closeSync();
  }
}
