import { parseEpochUs, type EpochUnit } from '../bytes';

const COMMA = 44;
const QUOTE = 34;

/**
 * Splits a CSV line into field offsets without allocating: after `split`, field i is
 * `buf[starts[i], ends[i])`. Quoted fields take a slower path that unquotes into `unquoted`.
 */
export class FieldSplitter {
  readonly starts = new Int32Array(512);
  readonly ends = new Int32Array(512);
  count = 0;
  /** Unquoted text of quoted fields (rare), by field index. */
  readonly unquoted = new Map<number, string>();

  /** Splits `buf[start, end)`; returns the field count. */
  split(buf: Buffer, start: number, end: number): number {
    if (this.unquoted.size > 0) this.unquoted.clear();
    let n = 0;
    let s = start;
    const max = this.starts.length;
    for (let i = start; i < end; i++) {
      const c = buf[i];
      if (c === COMMA) {
        if (n < max) {
          this.starts[n] = s;
          this.ends[n] = i;
        }
        n++;
        s = i + 1;
      } else if (c === QUOTE && i === s) {
        return this.splitQuoted(buf, start, end);
      }
    }
    if (n < max) {
      this.starts[n] = s;
      this.ends[n] = end;
    }
    this.count = n + 1;
    return this.count;
  }

  private splitQuoted(buf: Buffer, start: number, end: number): number {
    const text = buf.toString('utf8', start, end);
    const fields: string[] = [];
    let cur = '';
    let inQuotes = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] ?? '';
      if (inQuotes) {
        if (ch === '"' && text[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') inQuotes = false;
        else cur += ch;
      } else if (ch === '"') inQuotes = true;
      else if (ch === ',') {
        fields.push(cur);
        cur = '';
      } else cur += ch;
    }
    fields.push(cur);
    fields.forEach((f, i) => {
      this.unquoted.set(i, f);
      this.starts[i] = start;
      this.ends[i] = start;
    });
    this.count = fields.length;
    return this.count;
  }

  /** Field i as text. */
  text(buf: Buffer, i: number): string {
    return this.unquoted.get(i) ?? buf.toString('latin1', this.starts[i] ?? 0, this.ends[i] ?? 0);
  }

  /** True when field i equals the ASCII string `s` (no allocation). */
  equals(buf: Buffer, i: number, s: string): boolean {
    const q = this.unquoted.get(i);
    if (q !== undefined) return q === s;
    const a = this.starts[i] ?? 0;
    const b = this.ends[i] ?? 0;
    if (b - a !== s.length) return false;
    for (let k = 0; k < s.length; k++) if (buf[a + k] !== s.charCodeAt(k)) return false;
    return true;
  }
}

/**
 * A timestamp column of one file: detects the unit from the first value and rejects later
 * values in another unit (a file mixing ms and µs is corrupt, not a feature).
 */
export class TsColumn {
  unit: EpochUnit | undefined;
  private readonly scratch: { unit: EpochUnit } = { unit: 'us' };
  /** Set by `parse` when the value was a number in another unit than the column's. */
  mismatch = false;

  constructor(readonly name: string) {}

  /** µs since the epoch, or NaN (then `mismatch` tells whether it was a unit change). */
  parse(buf: Uint8Array, start: number, end: number): number {
    this.mismatch = false;
    const v = parseEpochUs(buf, start, end, this.scratch);
    if (Number.isNaN(v)) return v;
    if (this.unit === undefined) this.unit = this.scratch.unit;
    else if (this.scratch.unit !== this.unit) {
      this.mismatch = true;
      return Number.NaN;
    }
    return v;
  }

  /** Parses a timestamp given as text (Parquet/Arrow values, quoted CSV fields, ISO dates). */
  parseText(text: string): number {
    const bytes = Buffer.from(text, 'latin1');
    const v = this.parse(bytes, 0, bytes.length);
    if (!Number.isNaN(v) || this.mismatch) return v;
    // ISO-8601 text: Date.parse gives ms; keep the microseconds digits if present.
    if (!/^\d{4}-\d\d-\d\d/.test(text)) return Number.NaN;
    const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return Number.NaN;
    const frac = /\.(\d+)/.exec(text)?.[1] ?? '';
    const extraUs = frac.length > 3 ? Number(frac.slice(3, 6).padEnd(3, '0')) : 0;
    if (this.unit === undefined) this.unit = 'us';
    return ms * 1000 + extraUs;
  }

  /** The reject detail for the last failed parse. */
  failure(raw: string): string {
    return this.mismatch
      ? `${this.name} ${JSON.stringify(raw)} is in another unit than the file's first value (${this.unit ?? '?'})`
      : `${this.name} ${JSON.stringify(raw)} is not an epoch timestamp`;
  }
}

/** Parses a side word: buy/b/+1/1 → +1, sell/s/-1 → -1, else 0. */
export function parseSideText(text: string): number {
  switch (text.trim().toLowerCase()) {
    case 'buy':
    case 'b':
    case 'bid':
    case '1':
    case '+1':
      return 1;
    case 'sell':
    case 's':
    case 'ask':
    case '-1':
      return -1;
    default:
      return 0;
  }
}
