import {
  DuckDBArrayValue,
  DuckDBConnection,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBStructValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import { TickbenchError, errorMessage } from '../../core/errors';

/** A JSON-friendly value read from DuckDB: BIGINT/HUGEINT become numbers (exact below 2^53). */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [k: string]: PlainValue };

/** Converts DuckDB JS values to plain JSON-friendly values. */
export function toPlain(value: unknown): PlainValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(toPlain);
  if (value instanceof DuckDBStructValue) return toPlain(value.entries);
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  // Dates, times, timestamps, intervals, UUIDs: their text form is what a person wants to see.
  if (typeof value === 'object' && value.constructor !== Object)
    return (value as { toString(): string }).toString();
  if (typeof value === 'object') {
    const out: Record<string, PlainValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return typeof value === 'symbol' || typeof value === 'function' ? typeof value : JSON.stringify(value);
}

/** A plain value as text: strings as they are, null as '', anything else as JSON. */
export function str(v: PlainValue | undefined): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Opens (creating if needed) a DuckDB database file; names the file if it is locked by another process. */
export async function openDuck(path: string, options: Record<string, string> = {}): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(path, options);
  } catch (error) {
    const msg = errorMessage(error);
    if (/lock/i.test(msg)) {
      throw new TickbenchError(
        'io',
        `${path} is in use by another Tickbench process (DuckDB allows one writer): ${msg.split('\n')[0] ?? ''}`,
      );
    }
    throw new TickbenchError('io', `cannot open ${path}: ${msg.split('\n')[0] ?? ''}`, { cause: error });
  }
}

/** Runs SQL and returns rows as objects of plain values. */
export async function queryObjects(
  conn: DuckDBConnection,
  sql: string,
  params?: DuckDBValue[],
): Promise<Record<string, PlainValue>[]> {
  const reader = await conn.runAndReadAll(sql, params);
  const names = reader.columnNames();
  return reader.getRows().map((row) => {
    const o: Record<string, PlainValue> = {};
    names.forEach((n, i) => {
      o[n] = toPlain(row[i]);
    });
    return o;
  });
}

/** Runs SQL that returns one number (e.g. a count). */
export async function queryNumber(
  conn: DuckDBConnection,
  sql: string,
  params?: DuckDBValue[],
): Promise<number> {
  const reader = await conn.runAndReadAll(sql, params);
  const v = reader.getRows()[0]?.[0];
  return v === null || v === undefined ? 0 : Number(v);
}

export { DuckDBConnection, DuckDBInstance };
