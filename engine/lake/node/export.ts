import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import {
  Bool,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  RecordBatchFileWriter,
  Table,
  Utf8,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { CancelledError, TickbenchError, errorMessage } from '../../core/errors';
import { KIND_COLUMNS } from '../../model/kinds';
import type { Lake } from './lake';
import { sqlIdent, sqlString, sqlStringList } from './sql';

export type ExportFormat = 'csv' | 'parquet' | 'arrow';

export interface ExportResult {
  readonly path: string;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly bytes: number;
}

/** The export format named by a file's extension. */
export function exportFormatOf(path: string): ExportFormat {
  switch (extname(path).toLowerCase()) {
    case '.csv':
      return 'csv';
    case '.parquet':
      return 'parquet';
    case '.arrow':
    case '.feather':
    case '.ipc':
      return 'arrow';
    default:
      throw new TickbenchError(
        'invalid-argument',
        `--out ${path}: allowed extensions .csv, .parquet, .arrow`,
      );
  }
}

/** The SQL that reads a dataset with its canonical columns (what an export writes). */
export async function datasetSql(lake: Lake, name: string): Promise<string> {
  const info = await lake.getDataset(name);
  const files = await lake.datasetFiles(name);
  const cols = ['venue', 'symbol', ...KIND_COLUMNS[info.kind].map((c) => c.name)].map(sqlIdent).join(', ');
  if (files.length === 0) {
    return `SELECT ${['venue', 'symbol']
      .map((c) => `CAST(NULL AS VARCHAR) AS ${c}`)
      .concat(KIND_COLUMNS[info.kind].map((c) => `CAST(NULL AS ${c.type}) AS ${sqlIdent(c.name)}`))
      .join(', ')} WHERE false`;
  }
  return `SELECT ${cols} FROM read_parquet(${sqlStringList(files)})`;
}

function arrowType(type: DuckDBTypeId): DataType {
  switch (type) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
      return new Int64();
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UINTEGER:
      return new Int32();
    case DuckDBTypeId.SMALLINT:
      return new Int16();
    case DuckDBTypeId.TINYINT:
      return new Int8();
    case DuckDBTypeId.BOOLEAN:
      return new Bool();
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DECIMAL:
      return new Float64();
    default:
      return new Utf8();
  }
}

/** Writes a query's result as an Arrow IPC file, one record batch per DuckDB chunk (bounded memory). */
async function writeArrow(
  conn: DuckDBConnection,
  sql: string,
  tmp: string,
  signal?: AbortSignal,
): Promise<number> {
  const result = await conn.stream(sql);
  const names = result.columnNames();
  const types = result.columnTypes().map((t) => arrowType(t.typeId));
  const typeAt = (i: number): DataType => types[i] ?? new Utf8();
  const fd = openSync(tmp, 'w');
  const writer = new RecordBatchFileWriter();
  // The writer is an async stream of bytes: drain it to the file while batches go in.
  const drained = (async () => {
    for await (const bytes of writer as AsyncIterable<Uint8Array>) writeSync(fd, bytes);
  })();
  let rows = 0;
  try {
    const batchOf = (columns: (i: number) => unknown[]): void => {
      const vectors: Record<string, Vector> = {};
      names.forEach((n, i) => {
        vectors[n] = vectorFromArray(columns(i), typeAt(i)) as Vector;
      });
      const batch = new Table(vectors).batches[0];
      if (batch !== undefined) writer.write(batch);
    };
    for (
      let chunk = await result.fetchChunk();
      chunk !== null && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      if (signal?.aborted === true) throw new CancelledError('export');
      batchOf((i) =>
        chunk.getColumnValues(i).map((v) => {
          if (v === null) return null;
          const t = typeAt(i);
          if (t instanceof Float64) return Number(v);
          if (t instanceof Int64) return typeof v === 'bigint' ? v : BigInt(String(v));
          if (t instanceof Utf8) return typeof v === 'string' ? v : String(v);
          return v;
        }),
      );
      rows += chunk.rowCount;
    }
    if (rows === 0) batchOf(() => []);
    writer.close();
    await drained;
  } finally {
    closeSync(fd);
  }
  return rows;
}

/**
 * Exports a dataset (by name) or a read-only query to CSV, Parquet or Arrow IPC. The file is
 * written under a temporary name and renamed into place: readers never see half a file.
 */
export async function exportData(
  lake: Lake,
  what: string,
  out: string,
  signal?: AbortSignal,
): Promise<ExportResult> {
  const path = resolve(out);
  const format = exportFormatOf(path);
  const known = (await lake.listDatasets()).some((d) => d.name === what);
  const sql = known ? await datasetSql(lake, what) : what;
  if (!known && !/^\s*(select|with|from|\()/i.test(sql)) {
    throw new TickbenchError(
      'not-found',
      `export: ${JSON.stringify(what)} is neither a dataset nor a SELECT query`,
    );
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    const rows = await lake.withConnection(async (conn) => {
      try {
        if (format === 'arrow') return await writeArrow(conn, sql, tmp, signal);
        const opts = format === 'csv' ? '(FORMAT csv, HEADER true)' : '(FORMAT parquet, COMPRESSION zstd)';
        const r = await conn.runAndReadAll(`COPY (${sql}) TO ${sqlString(tmp)} ${opts}`);
        return Number(r.getRows()[0]?.[0] ?? 0);
      } catch (error) {
        if (error instanceof TickbenchError) throw error;
        throw new TickbenchError('bad-input', `export failed: ${errorMessage(error).split('\n')[0] ?? ''}`);
      }
    });
    renameSync(tmp, path);
    return { path, format, rows, bytes: statSync(path).size };
  } finally {
    if (existsSync(tmp)) rmSync(tmp, { force: true });
  }
}
