import { closeSync, openSync, writeSync } from 'node:fs';
import { TickbenchError } from '../../core/errors';
import { SeriesKeyCache } from './series-key-cache';

/** Header of the emitted-series CSV: one row per emitted value. */
export const SERIES_CSV_HEADER = 'ts_us,processor,venue,symbol,name,value\n';

/** Bytes buffered before a write to the file. */
const FLUSH_BYTES = 1 << 20;
/** Room a row needs besides its key: ts_us, value (at most ~25 characters each), separators. */
const ROW_SLACK = 96;

const COMMA = 44;
const LF = 10;

/**
 * Writes the series CSV straight into a byte buffer: each row's text is exactly
 * `${tsUs},${processor},${venue},${symbol},${name},${value}\n` (numbers as JavaScript's
 * `String()` writes them), but the key's bytes are encoded once per (processor, venue, symbol,
 * name) and `ts_us`'s once per event, so a row costs one number formatting (the value) and a
 * few copies — where building a string per row, then encoding it, cost ~800 ns per value in
 * formatting, garbage and flattening.
 */
export class SeriesCsvFile {
  private fd: number | undefined;
  private buf = Buffer.allocUnsafe(FLUSH_BYTES + 4096);
  private at = 0;
  /** The UTF-8 bytes of `processor,venue,symbol,name,` per key. */
  private readonly keys = new SeriesKeyCache((processor, venue, symbol, name) =>
    Buffer.from(`${processor},${venue},${symbol},${name},`, 'utf8'),
  );
  /** The key bytes of each id announced by `defineKey`. */
  private readonly byId: Uint8Array[] = [];
  private lastTs = Number.NaN;
  private tsBytes = new Uint8Array(0);

  /** Creates (truncates) `path` and writes the header. */
  constructor(path: string) {
    this.fd = openSync(path, 'w');
    this.at = this.buf.write(SERIES_CSV_HEADER, 0, 'latin1');
  }

  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void {
    this.row(tsUs, this.keys.get(processor, venue, symbol, name), value);
  }

  /** `SeriesSink.defineKey`: the bytes of the key's texts, kept by id. */
  defineKey(keyId: number, processor: string, venue: string, symbol: string, name: string): void {
    this.byId[keyId] = this.keys.get(processor, venue, symbol, name);
  }

  writeKeyed(tsUs: number, keyId: number, value: number): void {
    const key = this.byId[keyId];
    if (key === undefined)
      throw new TickbenchError('internal', `series row with key ${keyId}, never announced`);
    this.row(tsUs, key, value);
  }

  private row(tsUs: number, key: Uint8Array, value: number): void {
    if (this.at + key.length + ROW_SLACK > FLUSH_BYTES) {
      this.flush();
      // A key of kilobytes (never seen): room for its row.
      if (key.length + ROW_SLACK > this.buf.length) this.buf = Buffer.allocUnsafe(key.length + ROW_SLACK);
    }
    const buf = this.buf;
    let at = this.at;
    if (!Object.is(tsUs, this.lastTs)) {
      this.tsBytes = Buffer.from(String(tsUs), 'latin1');
      this.lastTs = tsUs;
    }
    const ts = this.tsBytes;
    buf.set(ts, at);
    at += ts.length;
    buf[at++] = COMMA;
    buf.set(key, at);
    at += key.length;
    at += buf.write(String(value), at, 'latin1');
    buf[at++] = LF;
    this.at = at;
  }

  /** Writes what is buffered to the file. */
  flush(): void {
    if (this.fd === undefined || this.at === 0) return;
    let done = 0;
    while (done < this.at) done += writeSync(this.fd, this.buf, done, this.at - done);
    this.at = 0;
  }

  /** Flushes and closes the file (idempotent). */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }

  /** Closes the file without writing what is buffered (the file is being dropped). */
  drop(): void {
    this.at = 0;
    this.close();
  }
}
