import { randomBytes, createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CancelledError, TickbenchError, errorMessage } from '../../core/errors';
import { formatTsUs } from '../../core/time';
import { KIND_COLUMNS, type DataKind } from '../../model/kinds';
import { lakeColumnExpr } from './catalog';
import { queryNumber, queryObjects, str } from './duck';
import { LOCAL_STANDS_IN } from './formats/binance-ws';
import { detectFormat } from './formats/detect';
import type { ParseTarget } from './formats/parser';
import type { ImportFormat, ImportOptions, LatencyStats, QualitySummary, SkippedFile } from './lake-types';
import { readLines, type LineReadResult } from './line-reader';
import { lineParserFor } from './parsers';
import { StagingArea, type StreamStats } from './staging';
import { sqlIdent, sqlString } from './sql';
import { readArrowRows, readParquetRows } from './table-sources';

const US_PER_DAY = 86_400_000_000;

/** One source file of an import, after reading. */
interface SourceFile {
  /** Index in the import's file list. */
  readonly fileIndex: number;
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly format: ImportFormat;
  readonly lines: number;
  readonly ignoredMessages: number;
}

/** A dataset ready to be committed: its Parquet files are written, its catalog rows are not. */
export interface PendingDataset {
  readonly name: string;
  readonly kind: DataKind;
  readonly venue: string;
  readonly symbol: string;
  readonly rows: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly firstTsUs: number | null;
  readonly lastTsUs: number | null;
  readonly format: string;
  /** Parquet paths relative to the workspace, in time order. */
  readonly files: readonly string[];
  readonly sources: readonly SourceFile[];
  readonly quality: QualitySummary;
  readonly stream: number;
  readonly area: StagingArea;
}

export interface StagedImport {
  readonly importId: string;
  readonly datasets: PendingDataset[];
  readonly skipped: SkippedFile[];
  readonly sources: SourceFile[];
  readonly stagingCatalog: string;
  readonly areas: StagingArea[];
  /** Parquet files written (absolute), removed if the import fails before commit. */
  readonly written: string[];
}

/** A new import id: sortable by time, unique. (Node layer: ambient time is fine here.) */
export function newImportId(): string {
  const t = new Date()
    .toISOString()
    .replace(/[-:T.Z]/g, '')
    .slice(0, 14);
  return `${t}-${randomBytes(4).toString('hex')}`;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Files already in the catalog with this size and hash (a size match first avoids hashing twice). */
async function alreadyImported(
  conn: DuckDBConnection,
  path: string,
  seen: Map<string, string[]>,
): Promise<{ sha256: string; datasets: string[] } | null> {
  const bytes = statSync(path).size;
  const sameSize = await queryNumber(conn, 'SELECT count(*) FROM source_files WHERE bytes = $1', [bytes]);
  const inThisImport = [...seen.keys()].some((k) => k.startsWith(`${bytes}:`));
  if (sameSize === 0 && !inThisImport) return null;
  const sha256 = await sha256Of(path);
  const local = seen.get(`${bytes}:${sha256}`);
  if (local !== undefined) return { sha256, datasets: local };
  const rows = await queryObjects(
    conn,
    'SELECT DISTINCT dataset FROM source_files WHERE sha256 = $1 ORDER BY dataset',
    [sha256],
  );
  return rows.length > 0 ? { sha256, datasets: rows.map((r) => str(r.dataset)) } : null;
}

/**
 * Reads every file into staging tables (in a scratch DuckDB database attached for this import),
 * then writes each dataset's Parquet files. Nothing is visible until `commitImport`.
 */
export async function stageImport(
  conn: DuckDBConnection,
  workspace: string,
  paths: readonly string[],
  options: ImportOptions,
  staged: StagedImport,
): Promise<void> {
  const { stagingCatalog } = staged;
  mkdirSync(join(workspace, '.staging'), { recursive: true });
  // An in-memory scratch database: no WAL on the hot path; DuckDB spills it to the
  // workspace's temp directory when it outgrows the memory limit, so memory stays bounded.
  await conn.run(`ATTACH ':memory:' AS ${sqlIdent(stagingCatalog)}`);
  const gapThresholdUs = (options.gapThresholdS ?? 60) * 1e6;
  const areas = new Map<DataKind, StagingArea>();
  const areaFor = (kind: DataKind): StagingArea => {
    let a = areas.get(kind);
    if (a === undefined) {
      a = new StagingArea(kind, conn, stagingCatalog, `rows_${kind}`, gapThresholdUs);
      areas.set(kind, a);
    }
    return a;
  };
  const totalBytes = paths.reduce((s, p) => s + statSync(p).size, 0);
  let doneBytes = 0;
  const seen = new Map<string, string[]>();
  const fileFormats: ImportFormat[] = [];
  for (const [fileIndex, path] of paths.entries()) {
    if (options.signal?.aborted === true) throw new CancelledError('import');
    const dup = await alreadyImported(conn, path, seen);
    if (dup !== null) {
      staged.skipped.push({ path, sha256: dup.sha256, reason: 'already-imported', datasets: dup.datasets });
      doneBytes += statSync(path).size;
      continue;
    }
    const format = options.format ?? (await detectFormat(path));
    fileFormats.push(format);
    for (const kind of kindsOf(format, options.kind)) {
      const a = areaFor(kind);
      if (!staged.areas.includes(a)) staged.areas.push(a);
    }
    // Parsers run synchronously per line; tables of new streams are created between chunks.
    const prepare = async (): Promise<void> => {
      for (const a of staged.areas) await a.prepare();
    };
    for (const a of staged.areas) {
      a.fileIndex = fileIndex;
      a.fileName = path;
    }
    const target: ParseTarget = {
      staging: (kind) => {
        const a = areas.get(kind);
        if (a === undefined) throw new TickbenchError('internal', `no staging area for ${kind}`);
        return a;
      },
      venue: options.venue,
      symbol: options.symbol,
      fileName: basename(path),
      mapping: options.mapping ?? {},
      kind: options.kind,
    };
    let read: LineReadResult;
    let ignoredMessages = 0;
    try {
      if (format === 'parquet') read = await readParquetRows(conn, path, target, prepare, options.signal);
      else if (format === 'arrow') read = readArrowRows(path, target);
      else {
        const parser = lineParserFor(format, target);
        const base = doneBytes;
        read = await readLines(
          path,
          (b, s, e, l) => {
            parser.onLine(b, s, e, l);
          },
          {
            signal: options.signal,
            onBytes: (done) => {
              options.onProgress?.({ phase: `read ${basename(path)}`, done: base + done, total: totalBytes });
            },
            afterChunk: prepare,
          },
        );
        parser.end(read.lines);
        ignoredMessages = parser.ignored;
      }
    } catch (error) {
      if (error instanceof TickbenchError) throw error;
      throw new TickbenchError('bad-input', `${path}: ${errorMessage(error)}`, { cause: error });
    }
    doneBytes += read.bytes;
    seen.set(`${read.bytes}:${read.sha256}`, []);
    staged.sources.push({
      fileIndex,
      path,
      sha256: read.sha256,
      bytes: read.bytes,
      format,
      lines: read.lines,
      ignoredMessages,
    });
  }
  for (const a of staged.areas) await a.finish();
  if (staged.sources.length > 0) {
    options.onProgress?.({ phase: 'write parquet', done: 0, total: undefined });
    await writeDatasets(conn, workspace, staged, options, fileFormats);
  }
  // A file given twice in one call is skipped before its datasets have names: name them now.
  staged.skipped.forEach((s, i) => {
    if (s.datasets.length > 0) return;
    const names = staged.datasets
      .filter((d) => d.sources.some((f) => f.sha256 === s.sha256))
      .map((d) => d.name);
    staged.skipped[i] = { ...s, datasets: names };
  });
}

/** A fresh, empty import; the caller keeps it to clean up whatever happens. */
export function newStagedImport(): StagedImport {
  const importId = newImportId();
  return {
    importId,
    datasets: [],
    skipped: [],
    sources: [],
    stagingCatalog: `stg_${importId.replace(/-/g, '_')}`,
    areas: [],
    written: [],
  };
}

/** Staging kinds a format may produce. */
function kindsOf(format: ImportFormat, kind: DataKind | undefined): DataKind[] {
  switch (format) {
    case 'binance-ws':
      return ['trades', 'quotes', 'book'];
    case 'binance-trades':
    case 'binance-aggtrades':
    case 'tardis-trades':
      return ['trades'];
    case 'binance-klines':
      return ['bars'];
    case 'tardis-quotes':
      return ['quotes'];
    case 'tardis-book-snapshot':
    case 'tardis-incremental-book':
      return ['book'];
    case 'csv':
    case 'parquet':
    case 'arrow':
      return kind !== undefined ? [kind] : ['trades', 'quotes', 'book', 'bars'];
  }
}

async function latencyStats(
  conn: DuckDBConnection,
  table: string,
  dupFilter: string,
): Promise<LatencyStats | null> {
  const rows = await queryObjects(
    conn,
    `SELECT count(*) AS n, min(d) AS mn, quantile_cont(d, 0.5) AS p50, quantile_cont(d, 0.99) AS p99, max(d) AS mx, avg(d) AS mean
       FROM (SELECT local_ts_us - ts_us AS d FROM ${table} WHERE NOT isnan(local_ts_us)${dupFilter})`,
  );
  const r = rows[0];
  if (r === undefined || Number(r.n) === 0) return null;
  return {
    count: Number(r.n),
    minUs: Number(r.mn),
    p50Us: Number(r.p50),
    p99Us: Number(r.p99),
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

async function sqlGaps(
  conn: DuckDBConnection,
  table: string,
  kind: DataKind,
  thresholdUs: number,
): Promise<{ gaps: QualitySummary['gaps']; count: number }> {
  const rows = await queryObjects(
    conn,
    `SELECT prev, key FROM (SELECT key, lag(key) OVER (ORDER BY key, rid) AS prev FROM (SELECT ${keyExpr(kind)} AS key, rowid AS rid FROM ${table}))
      WHERE key - prev > ${thresholdUs} ORDER BY key`,
  );
  return {
    gaps: rows.slice(0, 1000).map((r) => ({
      fromTsUs: Number(r.prev),
      toTsUs: Number(r.key),
      seconds: (Number(r.key) - Number(r.prev)) / 1e6,
    })),
    count: rows.length,
  };
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}

async function writeDatasets(
  conn: DuckDBConnection,
  workspace: string,
  staged: StagedImport,
  options: ImportOptions,
  formats: ImportFormat[],
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
      await conn.run(
        `COPY (SELECT ${sqlString(venue)} AS venue, ${sqlString(symbol)} AS symbol, ${cols.join(', ')}
                 FROM ${table} WHERE true${dayFilter}${dupFilter}${order})
           TO ${sqlString(abs)} (FORMAT parquet, COMPRESSION snappy, PARQUET_VERSION V2, ROW_GROUP_SIZE 1000000)`,
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
}

/** Removes the scratch database and, on failure, the Parquet files an import wrote. */
export async function discardStaging(
  conn: DuckDBConnection,
  workspace: string,
  staged: StagedImport,
  removeWritten: boolean,
): Promise<void> {
  try {
    await conn.run(`DETACH ${sqlIdent(staged.stagingCatalog)}`);
  } catch {
    // Not attached (the import failed before ATTACH): nothing to detach.
  }
  for (const ext of ['.duckdb', '.duckdb.wal'])
    rmSync(join(workspace, '.staging', `${staged.importId}${ext}`), { force: true });
  if (removeWritten) for (const f of staged.written) if (existsSync(f)) rmSync(f, { force: true });
}
