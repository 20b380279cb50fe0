import { indexOfByte, POW10 } from '../bytes';
import type { TsColumn } from './fields';

/*
 * The fast path of CSV parsing: one pass over a line's bytes that splits the fields and parses
 * the numeric ones as it goes, without allocating. It accepts only the common, plain shapes
 * (unquoted fields, plain decimals, integer epochs in the column's known unit) and computes
 * exactly what the general path computes for them; for anything else it answers "no" and the
 * caller runs the general path on the line, which also produces every reject.
 */

/** Column is not read. */
export const SKIP = 0;
/** Column is text: only its offsets are kept (`starts`/`ends`). */
export const TEXT = 1;
/** Required plain decimal. */
export const NUM = 2;
/** Optional plain decimal: empty → NaN. */
export const OPT_NUM = 3;
/** Required integer epoch timestamp in the column's unit → µs. */
export const TS = 4;
/** Optional integer epoch timestamp: empty → NaN. */
export const OPT_TS = 5;

const COMMA = 44;
const QUOTE = 34;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;

/** Unit code of an epoch by its digit count, as `parseEpochUs` decides it: s, ms, µs, ns; -1 = not handled here. */
function unitCode(digits: number): number {
  if (digits <= 11) return 0;
  if (digits <= 14) return 1;
  if (digits <= 16) return 2;
  // 17 digits are µs with a value beyond 10^16: the general path rounds them through a float.
  if (digits === 17 || digits > 19) return -1;
  return 3;
}

/** Unit code of a timestamp column's unit as the scanner keeps it: 0 s, 1 ms, 2 µs, 3 ns, -2 not known yet. */
export function unitCodeOf(unit: string | undefined): number {
  switch (unit) {
    case 's':
      return 0;
    case 'ms':
      return 1;
    case 'us':
      return 2;
    case 'ns':
      return 3;
    default:
      return -2;
  }
}

const UNIT_FACTOR = [1_000_000, 1_000, 1, 1];

/**
 * Splits and parses one CSV line by a per-column plan. After a successful `scan`, numeric
 * column j is `values[j]` and every column's bytes are `buf[starts[j], ends[j])`.
 */
export class FusedScanner {
  readonly values: Float64Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;

  /**
   * @param plan what to do with each column, in file order (its length is the field count)
   * @param tsColumns the timestamp column of each TS / OPT_TS column (its unit must be known)
   * @param discoverUnits no TsColumns (a parse worker): a TS column's first value sets the unit
   *   code kept in {@link FusedScanner.unitCodes}, later values in another unit fail the scan
   */
  constructor(
    private readonly plan: Uint8Array,
    private readonly tsColumns: readonly (TsColumn | undefined)[],
    private readonly discoverUnits = false,
  ) {
    // One spare slot after the columns: `BlockScanner` keeps the side there, so that a row's
    // staged values are one gather from this array.
    this.values = new Float64Array(plan.length + 1);
    this.starts = new Int32Array(plan.length);
    this.ends = new Int32Array(plan.length);
    this.unitCodes = new Int8Array(plan.length).fill(-2);
  }

  /** Unit code of each timestamp column as last seen (-2 = not known yet; see {@link unitCodeOf}). */
  readonly unitCodes: Int8Array;

  /** Word view of the buffer being scanned (recreated only when the buffer changes). */
  view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | undefined;

  /** Scans `buf[start, end)`; false when the line needs the general path. */
  scan(buf: Uint8Array, start: number, end: number): boolean {
    if (buf !== this.viewOf) {
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
    }
    const plan = this.plan;
    const n = plan.length;
    let p = start;
    for (let j = 0; j < n; j++) {
      // A quote at a field's start switches the general splitter to quoted mode.
      if (p < end && buf[p] === QUOTE) return false;
      const action = plan[j] ?? SKIP;
      let q = p;
      if (action === NUM || action === OPT_NUM) {
        q = this.decimal(buf, p, end, j, action === OPT_NUM);
        if (q < 0) return false;
      } else if (action === TS || action === OPT_TS) {
        q = this.epoch(buf, p, end, j, action === OPT_TS);
        if (q < 0) return false;
      } else {
        q = indexOfByte(this.view, buf, p, end, COMMA);
      }
      this.starts[j] = p;
      this.ends[j] = q;
      if (j < n - 1) {
        if (q >= end) return false; // fewer fields than the header
        p = q + 1;
      } else if (q !== end) return false; // more fields than the header
    }
    return true;
  }

  /**
   * Digits from `p` while they come four at a time (SWAR on 32-bit words); the value goes to
   * `acc`, the position is returned. Exact while the value stays below 2^53.
   */
  private digits4(p: number, end: number): number {
    const view = this.view;
    let v = this.acc;
    let q = p;
    while (q + 4 <= end) {
      const w = view.getUint32(q, true);
      // Every byte in '0'..'9': high nibble 3 before and after adding 6.
      if (((w & 0xf0f0f0f0) | (((w + 0x06060606) & 0xf0f0f0f0) >>> 4)) !== 0x33333333) break;
      let x = w - 0x30303030;
      x = (Math.imul(x, 10) + (x >>> 8)) & 0x00ff00ff;
      v = v * 10_000 + (Math.imul(x & 0xffff, 100) + (x >>> 16));
      q += 4;
    }
    this.acc = v;
    return q;
  }

  private acc = 0;

  /**
   * A plain decimal from `p` to the next comma; returns where it stopped, or -1.
   * `parseDecimal` computes mantissa / 10^fractionDigits for up to 15 significant digits and
   * `Number(text)` beyond; both are the correctly rounded value whenever the mantissa is an
   * exact integer (< 2^53), which is what is checked here, so the values are bit-identical.
   */
  private decimal(buf: Uint8Array, p: number, end: number, j: number, optional: boolean): number {
    let q = p;
    let neg = false;
    const first = q < end ? (buf[q] ?? 0) : COMMA;
    if (first === COMMA) {
      if (!optional) return -1;
      this.values[j] = Number.NaN;
      return q;
    }
    if (first === MINUS || first === PLUS) {
      neg = first === MINUS;
      q++;
    }
    this.acc = 0;
    const intStart = q;
    q = this.digits4(q, end);
    let m = this.acc;
    for (; q < end; q++) {
      const d = (buf[q] ?? 0) - 48;
      if (d < 0 || d > 9) break;
      m = m * 10 + d;
    }
    let allDigits = q - intStart;
    let fracDigits = 0;
    if (q < end && buf[q] === DOT) {
      q++;
      const fracStart = q;
      this.acc = m;
      q = this.digits4(q, end);
      m = this.acc;
      for (; q < end; q++) {
        const d = (buf[q] ?? 0) - 48;
        if (d < 0 || d > 9) break;
        m = m * 10 + d;
      }
      fracDigits = q - fracStart;
      allDigits += fracDigits;
    }
    if (q < end && buf[q] !== COMMA) return -1;
    if (allDigits === 0 || fracDigits > 22 || m > Number.MAX_SAFE_INTEGER) return -1;
    const value = fracDigits === 0 ? m : m / (POW10[fracDigits] ?? 1);
    this.values[j] = neg ? -value : value;
    return q;
  }

  /** An integer epoch from `p` to the next comma, in the column's unit; returns where it stopped, or -1. */
  private epoch(buf: Uint8Array, p: number, end: number, j: number, optional: boolean): number {
    this.acc = 0;
    let q = this.digits4(p, end);
    let v = this.acc;
    for (; q < end; q++) {
      const d = (buf[q] ?? 0) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    const digits = q - p;
    if (q < end && buf[q] !== COMMA) return -1;
    if (digits === 0) {
      if (!optional) return -1;
      this.values[j] = Number.NaN;
      return q;
    }
    const code = unitCode(digits);
    // The first value of a column decides its unit (and a change of unit is a reject): general path.
    if (code < 0) return -1;
    if (code !== this.unitCodes[j]) {
      // The column's unit is set by the general path on its first value: refresh the cache.
      if (this.discoverUnits) {
        // Off-thread there is no TsColumn: the block's first value sets the unit, and the
        // caller checks it against the column's real unit before using any value.
        if (this.unitCodes[j] !== -2) return -1;
        this.unitCodes[j] = code;
      } else {
        this.unitCodes[j] = unitCodeOf(this.tsColumns[j]?.unit);
        if (code !== this.unitCodes[j]) return -1;
      }
    }
    if (code === 3) {
      // Nanoseconds are cut to µs as digits, exactly as `parseEpochUs` does.
      v = 0;
      for (let k = p; k < q - 3; k++) v = v * 10 + ((buf[k] ?? 0) - 48);
    }
    // Exact below 2^53, as the general path's digit-by-digit sum is; above, leave it to that path.
    if (v > Number.MAX_SAFE_INTEGER) return -1;
    this.values[j] = v * (UNIT_FACTOR[code] ?? 1);
    return q;
  }
}
