import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { toText } from '../../core/text';
import { CancelledError, TickbenchError, errorMessage } from '../../core/errors';
import { GenericRowMapper } from './formats/generic';
import type { ParseTarget } from './formats/parser';
import type { LineReadResult } from './line-reader';
import { sqlIdent, sqlString } from './sql';

/** Hashes a file (for Parquet/Arrow, which are read by table, not by line). */
function fileHash(path: string): { sha256: string; bytes: number } {
  const data = readFileSync(path);
  return { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

const textOf = toText;

/**
 * Reads a Parquet file through DuckDB, chunk by chunk (bounded memory), and maps its rows with
 * the generic mapper. Timestamps typed TIMESTAMP become epoch µs; every value reaches the
 * mapper as text so BIGINT nanoseconds stay exact.
 */
export async function readParquetRows(
  conn: DuckDBConnection,
  path: string,
  target: ParseTarget,
  signal?: AbortSignal,
): Promise<LineReadResult> {
  let described: { column_name: string; column_type: string }[];
  try {
    const d = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(path)})`);
    described = d.getRowObjects() as unknown as { column_name: string; column_type: string }[];
  } catch (error) {
    throw new TickbenchError(
      'bad-input',
      `${path}: not a readable Parquet file (${errorMessage(error).split('\n')[0] ?? ''})`,
    );
  }
  const names = described.map((c) => c.column_name);
  const exprs = described.map((c) =>
    c.column_type.startsWith('TIMESTAMP')
      ? `CAST(epoch_us(${sqlIdent(c.column_name)}) AS VARCHAR)`
      : `CAST(${sqlIdent(c.column_name)} AS VARCHAR)`,
  );
  const mapper = new GenericRowMapper(target, names);
  const select = `SELECT ${exprs.join(', ')} FROM read_parquet(${sqlString(path)})`;
  const total = Number(
    (await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlString(path)})`)).getRows()[0]?.[0] ??
      0,
  );
  const mapChunk = (chunk: DuckDBDataChunk, from: number): number => {
    let at = from;
    for (const row of chunk.getRows()) {
      at++;
      mapper.row(
        (i) => textOf(row[i]),
        at,
        () => JSON.stringify(row.map(textOf)),
      );
    }
    return at;
  };
  const result = await conn.stream(select);
  let line = 0;
  while (line < total) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0)
      throw new TickbenchError('io', `${path}: read stopped after row ${line} of ${total}`);
    line = mapChunk(chunk, line);
    if (signal?.aborted === true) throw new CancelledError(`import of ${path}`);
  }
  if (line === 0) throw new TickbenchError('bad-input', `${path}: no data rows`);
  return { lines: line, gzip: false, ...fileHash(path) };
}

/** Reads an Arrow IPC file (as Tickbench exports them) and maps its rows with the generic mapper. */
export function readArrowRows(path: string, target: ParseTarget): LineReadResult {
  let table;
  try {
    table = tableFromIPC(readFileSync(path));
  } catch (error) {
    throw new TickbenchError('bad-input', `${path}: not a readable Arrow IPC file (${errorMessage(error)})`);
  }
  const names = table.schema.fields.map((f) => f.name);
  const mapper = new GenericRowMapper(target, names);
  const columns = names.map((_, i) => table.getChildAt(i));
  for (let r = 0; r < table.numRows; r++) {
    mapper.row(
      (i) => textOf(columns[i]?.get(r)),
      r + 1,
      () => JSON.stringify(columns.map((c) => textOf(c?.get(r)))),
    );
  }
  if (table.numRows === 0) throw new TickbenchError('bad-input', `${path}: no data rows`);
  return { lines: table.numRows, gzip: false, ...fileHash(path) };
}
