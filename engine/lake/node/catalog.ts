import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DATA_KINDS, KIND_COLUMNS, type DataKind } from '../../model/kinds';
import { queryObjects, type PlainValue, str } from './duck';
import type { DatasetInfo, QualitySummary } from './lake-types';
import { sqlIdent, sqlString, sqlStringList } from './sql';

/** Catalog tables (in catalog.duckdb). Parquet paths are stored relative to the workspace. */
const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS imports (
     import_id VARCHAR PRIMARY KEY, finished_at TIMESTAMP, files INTEGER, datasets INTEGER, summary JSON)`,
  `CREATE TABLE IF NOT EXISTS datasets (
     name VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, venue VARCHAR NOT NULL, symbol VARCHAR NOT NULL,
     rows BIGINT NOT NULL, rejected BIGINT NOT NULL, duplicates BIGINT NOT NULL,
     first_ts_us BIGINT, last_ts_us BIGINT, format VARCHAR NOT NULL, import_id VARCHAR NOT NULL,
     imported_at TIMESTAMP NOT NULL, files VARCHAR[] NOT NULL, source_files JSON NOT NULL, quality JSON NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS source_files (
     sha256 VARCHAR NOT NULL, path VARCHAR NOT NULL, bytes BIGINT NOT NULL, format VARCHAR NOT NULL,
     import_id VARCHAR NOT NULL, dataset VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS rejects (
     import_id VARCHAR NOT NULL, dataset VARCHAR, file VARCHAR NOT NULL, line BIGINT NOT NULL,
     reason VARCHAR NOT NULL, raw VARCHAR NOT NULL)`,
  // Small integer ids for venues and symbols: the hot path carries ids, not strings.
  `CREATE TABLE IF NOT EXISTS symbols (id INTEGER PRIMARY KEY, venue VARCHAR NOT NULL, symbol VARCHAR NOT NULL, UNIQUE (venue, symbol))`,
];

export async function createSchema(conn: DuckDBConnection): Promise<void> {
  for (const ddl of SCHEMA) await conn.run(ddl);
}

/** SQL type conversions from the staging DOUBLE columns (NaN = null) to the lake's column types. */
export function lakeColumnExpr(name: string, type: string, nullable: boolean): string {
  const c = sqlIdent(name);
  const cast = (t: string): string =>
    nullable ? `CASE WHEN isnan(${c}) THEN NULL ELSE CAST(${c} AS ${t}) END` : `CAST(${c} AS ${t})`;
  switch (type) {
    case 'DOUBLE':
      return nullable ? `CASE WHEN isnan(${c}) THEN NULL ELSE ${c} END` : c;
    case 'BOOLEAN':
      return `(${c} <> 0)`;
    default:
      return cast(type);
  }
}

/** The empty relation of a kind, with the view's columns and types. */
function emptySelect(kind: DataKind): string {
  const cols = KIND_COLUMNS[kind].map((c) => `CAST(NULL AS ${c.type}) AS ${sqlIdent(c.name)}`);
  return `SELECT CAST(NULL AS VARCHAR) AS dataset, CAST(NULL AS VARCHAR) AS venue, CAST(NULL AS VARCHAR) AS symbol, ${cols.join(', ')} WHERE false`;
}

/**
 * (Re)creates the views `trades`, `quotes`, `book`, `bars` over exactly the Parquet files the
 * catalog lists — never a glob — so files of an unfinished import are invisible.
 * Temp views: they belong to this connection and cost no write to the catalog.
 */
export async function refreshViews(conn: DuckDBConnection, workspace: string): Promise<void> {
  const rows = await queryObjects(
    conn,
    'SELECT name, kind, files FROM datasets WHERE len(files) > 0 ORDER BY name',
  );
  for (const kind of DATA_KINDS) {
    const parts = rows
      .filter((r) => r.kind === kind)
      .map((r) => {
        const files = (Array.isArray(r.files) ? r.files : []).map((f) => resolve(workspace, str(f)));
        const cols = KIND_COLUMNS[kind].map((c) => sqlIdent(c.name)).join(', ');
        return `SELECT ${sqlString(str(r.name))} AS dataset, venue, symbol, ${cols} FROM read_parquet(${sqlStringList(files)})`;
      });
    const body = parts.length > 0 ? parts.join('\nUNION ALL\n') : emptySelect(kind);
    await conn.run(`CREATE OR REPLACE TEMP VIEW ${sqlIdent(kind)} AS ${body}`);
  }
}

/** Parquet files (relative paths) that the catalog references. */
export async function referencedFiles(conn: DuckDBConnection): Promise<Set<string>> {
  const rows = await queryObjects(conn, 'SELECT unnest(files) AS f FROM datasets');
  return new Set(rows.map((r) => str(r.f)));
}

/**
 * Removes what an interrupted import left behind (a `kill -9` between writing Parquet and the
 * catalog commit): Parquet files no dataset references, and staging databases.
 */
export async function collectGarbage(conn: DuckDBConnection, workspace: string): Promise<number> {
  const lake = join(workspace, 'lake');
  let removed = 0;
  const staging = join(workspace, '.staging');
  if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  if (!existsSync(lake)) return 0;
  const keep = await referencedFiles(conn);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (entry.endsWith('.parquet') && !keep.has(relative(workspace, p).split(sep).join('/'))) {
        rmSync(p, { force: true });
        removed++;
      }
    }
  };
  walk(lake);
  return removed;
}

const num = (v: PlainValue | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0));
const numOrNull = (v: PlainValue | undefined): number | null =>
  v === null || v === undefined ? null : Number(v);

function parseJson<T>(v: PlainValue | undefined, fallback: T): T {
  if (typeof v === 'string') return JSON.parse(v) as T;
  return (v as T | undefined) ?? fallback;
}

/** Reads datasets from the catalog (all, or those named). */
export async function readDatasets(
  conn: DuckDBConnection,
  names?: readonly string[],
): Promise<DatasetInfo[]> {
  const where = names === undefined ? '' : `WHERE name IN (SELECT unnest(${sqlStringList(names)}))`;
  const rows = await queryObjects(
    conn,
    `SELECT name, kind, venue, symbol, rows, rejected, duplicates, first_ts_us, last_ts_us, format,
            strftime(imported_at, '%Y-%m-%dT%H:%M:%SZ') AS imported_at, CAST(source_files AS VARCHAR) AS source_files,
            CAST(quality AS VARCHAR) AS quality, files
       FROM datasets ${where} ORDER BY name`,
  );
  return rows.map((r) => ({
    name: str(r.name),
    kind: str(r.kind) as DataKind,
    venue: str(r.venue),
    symbol: str(r.symbol),
    rows: num(r.rows),
    rejected: num(r.rejected),
    duplicates: num(r.duplicates),
    firstTsUs: numOrNull(r.first_ts_us),
    lastTsUs: numOrNull(r.last_ts_us),
    format: str(r.format),
    importedAt: str(r.imported_at),
    sourceFiles: parseJson(r.source_files, []),
    quality: parseJson<QualitySummary>(r.quality, {} as QualitySummary),
  }));
}

/** The Parquet files (absolute paths, in time order) of datasets, by name. */
export async function datasetFiles(
  conn: DuckDBConnection,
  workspace: string,
  names: readonly string[],
): Promise<Map<string, string[]>> {
  if (names.length === 0) return new Map();
  const rows = await queryObjects(
    conn,
    `SELECT name, files FROM datasets WHERE name IN (SELECT unnest(${sqlStringList(names)}))`,
  );
  return new Map(
    rows.map((r) => [
      str(r.name),
      (Array.isArray(r.files) ? r.files : []).map((f) => resolve(workspace, str(f))),
    ]),
  );
}
