import duckdb from '@duckdb/node-bindings';
import type { DuckDBDataChunk } from '@duckdb/node-api';

/**
 * The raw columnar read path from DuckDB into typed arrays: result chunks' fixed-width
 * columns are copied out of vector memory (`vector_get_data`), with no per-value conversion
 * through JavaScript values. (The write path stages Parquet files: see parquet-doubles.ts.)
 */

/** The underlying C chunk of a node-api chunk (the field is private in the typings). */
export function rawChunk(chunk: DuckDBDataChunk): duckdb.DataChunk {
  return (chunk as unknown as { chunk: duckdb.DataChunk }).chunk;
}

const TWO_32 = 4294967296;

/**
 * Copies column `column` of a result chunk into `out` at `offset` as doubles, whatever its
 * fixed-width type: DOUBLE by memcpy; BIGINT by combining its 32-bit halves (exact below 2^53,
 * no BigInt); INTEGER, SMALLINT, TINYINT, BOOLEAN by widening. NULL becomes NaN.
 * (The read path selects every column as DOUBLE, so it takes the memcpy branch; the others
 * keep a result of any other fixed-width type correct, should a select list lose a cast.)
 */
export function readColumnAsDouble(
  chunk: DuckDBDataChunk,
  column: number,
  out: Float64Array,
  offset: number,
): number {
  const raw = rawChunk(chunk);
  const rows = duckdb.data_chunk_get_size(raw);
  const vector = duckdb.data_chunk_get_vector(raw, column);
  const type = duckdb.get_type_id(duckdb.vector_get_column_type(vector));
  switch (type) {
    case duckdb.Type.DOUBLE: {
      const b = duckdb.vector_get_data(vector, rows * 8);
      out.set(new Float64Array(b.buffer, b.byteOffset, rows), offset);
      break;
    }
    case duckdb.Type.BIGINT: {
      const b = duckdb.vector_get_data(vector, rows * 8);
      const u = new Uint32Array(b.buffer, b.byteOffset, rows * 2);
      const s = new Int32Array(b.buffer, b.byteOffset, rows * 2);
      for (let i = 0; i < rows; i++) out[offset + i] = (s[2 * i + 1] ?? 0) * TWO_32 + (u[2 * i] ?? 0);
      break;
    }
    case duckdb.Type.INTEGER: {
      const b = duckdb.vector_get_data(vector, rows * 4);
      const v = new Int32Array(b.buffer, b.byteOffset, rows);
      for (let i = 0; i < rows; i++) out[offset + i] = v[i] ?? 0;
      break;
    }
    case duckdb.Type.SMALLINT: {
      const b = duckdb.vector_get_data(vector, rows * 2);
      const v = new Int16Array(b.buffer, b.byteOffset, rows);
      for (let i = 0; i < rows; i++) out[offset + i] = v[i] ?? 0;
      break;
    }
    case duckdb.Type.TINYINT: {
      const b = duckdb.vector_get_data(vector, rows);
      const v = new Int8Array(b.buffer, b.byteOffset, rows);
      for (let i = 0; i < rows; i++) out[offset + i] = v[i] ?? 0;
      break;
    }
    case duckdb.Type.BOOLEAN: {
      const b = duckdb.vector_get_data(vector, rows);
      for (let i = 0; i < rows; i++) out[offset + i] = b[i] ?? 0;
      break;
    }
    default:
      throw new Error(`column ${column}: type id ${type} is not a fixed-width number`);
  }
  // NULLs: bit i of the validity words is 0 (no mask at all means every row is valid).
  const validity = duckdb.vector_get_validity(vector, Math.ceil(rows / 64) * 8) as Uint8Array | null;
  if (validity !== null) {
    // Byte by byte: a byte of 0xFF is 8 valid rows (the usual case, even in nullable columns).
    const bytes = Math.ceil(rows / 8);
    for (let k = 0; k < bytes; k++) {
      const m = validity[k] ?? 0;
      if (m === 0xff) continue;
      const end = Math.min(rows, 8 * k + 8);
      for (let i = 8 * k; i < end; i++) if (((m >> (i & 7)) & 1) === 0) out[offset + i] = Number.NaN;
    }
  }
  return rows;
}
