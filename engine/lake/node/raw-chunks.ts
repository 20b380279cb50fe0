import duckdb from '@duckdb/node-bindings';
import type { DuckDBConnection, DuckDBDataChunk } from '@duckdb/node-api';

/**
 * The raw columnar paths between typed arrays and DuckDB: writes Float64 columns into an
 * appender's data chunks and reads DOUBLE columns out of result chunks, by copying vector
 * memory (`vector_get_data`) — no per-value conversion. This is what makes the lake fast.
 */

const VECTOR_SIZE = duckdb.vector_size();
const DOUBLE = duckdb.create_logical_type(duckdb.Type.DOUBLE);

/** The underlying C chunk of a node-api chunk (the field is private in the typings). */
export function rawChunk(chunk: DuckDBDataChunk): duckdb.DataChunk {
  return (chunk as unknown as { chunk: duckdb.DataChunk }).chunk;
}

/** The underlying C connection of a node-api connection. */
function rawConnection(conn: DuckDBConnection): duckdb.Connection {
  return (conn as unknown as { connection: duckdb.Connection }).connection;
}

/**
 * Appends rows of Float64 columns to a table whose columns are all DOUBLE, `VECTOR_SIZE`
 * rows per chunk. NaN is stored as NaN (callers map it to NULL in SQL where it means null).
 */
export class RawDoubleAppender {
  private readonly appender: duckdb.Appender;
  private readonly chunk: duckdb.DataChunk;
  private readonly views: Float64Array<ArrayBuffer>[];
  private fill = 0;
  private closed = false;

  constructor(
    conn: DuckDBConnection,
    table: string,
    columnCount: number,
    schema: string | null = null,
    catalog: string | null = null,
  ) {
    this.appender = duckdb.appender_create_ext(rawConnection(conn), catalog, schema, table);
    this.chunk = duckdb.create_data_chunk(Array.from({ length: columnCount }, () => DOUBLE));
    // Rows gather in our own buffers and are copied into the chunk's vectors on flush
    // (`vector_get_data` gives a copy for reading, not a writable view).
    this.views = Array.from({ length: columnCount }, () => new Float64Array(VECTOR_SIZE));
  }

  /** Appends `count` rows taken from `columns[c][0..count)`. */
  append(columns: readonly Float64Array[], count: number): void {
    let offset = 0;
    while (offset < count) {
      const take = Math.min(count - offset, VECTOR_SIZE - this.fill);
      for (let c = 0; c < this.views.length; c++) {
        const src = columns[c];
        const dst = this.views[c];
        if (src === undefined || dst === undefined) throw new Error(`column ${c} missing`);
        dst.set(src.subarray(offset, offset + take), this.fill);
      }
      this.fill += take;
      offset += take;
      if (this.fill === VECTOR_SIZE) this.flushChunk();
    }
  }

  private flushChunk(): void {
    if (this.fill === 0) return;
    for (let c = 0; c < this.views.length; c++) {
      const src = this.views[c];
      if (src === undefined) continue;
      const vector = duckdb.data_chunk_get_vector(this.chunk, c);
      duckdb.copy_data_to_vector(vector, 0, src.buffer, src.byteOffset, this.fill * 8);
    }
    duckdb.data_chunk_set_size(this.chunk, this.fill);
    duckdb.append_data_chunk(this.appender, this.chunk);
    duckdb.data_chunk_reset(this.chunk);
    this.fill = 0;
  }

  /** Writes pending rows and closes the appender. */
  close(): void {
    if (this.closed) return;
    this.flushChunk();
    duckdb.appender_close_sync(this.appender);
    this.closed = true;
  }
}

export { VECTOR_SIZE };

const TWO_32 = 4294967296;

/**
 * Copies column `column` of a result chunk into `out` at `offset` as doubles, whatever its
 * fixed-width type: DOUBLE by memcpy; BIGINT by combining its 32-bit halves (exact below 2^53,
 * no BigInt); INTEGER, SMALLINT, TINYINT, BOOLEAN by widening. NULL becomes NaN.
 * Reading raw types avoids SQL casts, which cost more than the scan itself.
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
    for (let i = 0; i < rows; i++)
      if ((((validity[i >> 3] ?? 0) >> (i & 7)) & 1) === 0) out[offset + i] = Number.NaN;
  }
  return rows;
}
