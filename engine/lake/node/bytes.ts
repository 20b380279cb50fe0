/**
 * Number parsing straight from bytes, without allocating strings on the fast path.
 * Decimals with at most 15 significant digits are parsed exactly as `Number(text)` would
 * (an exact integer divided by an exact power of ten is correctly rounded); anything else
 * falls back to `Number` on the text.
 */

/**
 * The first `byte` (an ASCII code) in `buf[p, end)`, or `end`: four bytes at a time through
 * `view` (a `DataView` over `buf`), since a call to `Buffer.indexOf` per field or line costs
 * more than the search itself.
 */
export function indexOfByte(view: DataView, buf: Uint8Array, p: number, end: number, byte: number): number {
  const pattern = Math.imul(byte, 0x01010101);
  let q = p;
  while (q + 4 <= end) {
    // A zero byte in w ^ pattern: the lowest flagged byte is the first match.
    const y = view.getUint32(q, true) ^ pattern;
    const m = (y - 0x01010101) & ~y & 0x80808080;
    if (m !== 0) return q + ((31 - Math.clz32(m & -m)) >> 3);
    q += 4;
  }
  while (q < end && buf[q] !== byte) q++;
  return q;
}

/** Exact powers of ten 10^0 … 10^22 (every one is a double without rounding). */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
const CH_0 = 48;
const CH_9 = 57;
const CH_DOT = 46;
const CH_MINUS = 45;
const CH_PLUS = 43;

/** Parses a decimal number in `buf[start, end)`; NaN when it is not a number. */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && buf[i] === 32) i++;
  while (end > i && buf[end - 1] === 32) end--;
  if (i >= end) return Number.NaN;
  let neg = false;
  const first = buf[i] ?? 0;
  if (first === CH_MINUS || first === CH_PLUS) {
    neg = first === CH_MINUS;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fracDigits = 0;
  let seenDot = false;
  let seenDigit = false;
  for (; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c >= CH_0 && c <= CH_9) {
      seenDigit = true;
      if (mantissa === 0 && c === CH_0) {
        if (seenDot) fracDigits++;
        continue;
      }
      mantissa = mantissa * 10 + (c - CH_0);
      digits++;
      if (seenDot) fracDigits++;
    } else if (c === CH_DOT && !seenDot) {
      seenDot = true;
    } else {
      return slow(buf, start, end);
    }
  }
  if (!seenDigit) return slow(buf, start, end);
  if (digits > 15 || fracDigits > 22) return slow(buf, start, end);
  const value = fracDigits === 0 ? mantissa : mantissa / (POW10[fracDigits] ?? 1);
  return neg ? -value : value;
}

function slow(buf: Uint8Array, start: number, end: number): number {
  const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start)
    .toString('latin1')
    .trim();
  if (text === '') return Number.NaN;
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity')
    return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  const v = Number(text);
  // Number('') is 0 and Number('0x10') is 16: only plain decimals count.
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? v : Number.NaN;
}

/** True when `buf[start, end)` spells a not-a-number or infinity token (as opposed to garbage). */
export function isNonFiniteToken(buf: Uint8Array, start: number, end: number): boolean {
  const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start)
    .toString('latin1')
    .trim()
    .toLowerCase();
  return /^[+-]?(nan|inf|infinity)$/.test(text);
}

/** The unit of an epoch timestamp given its integer digit count (dates 2001–2286). */
export type EpochUnit = 's' | 'ms' | 'us' | 'ns';

/**
 * Parses an epoch timestamp in `buf[start, end)` to µs and reports its unit by the number of
 * integer digits: ≤ 11 s, 12–14 ms, 15–17 µs, 18–19 ns. Nanoseconds are cut to µs as digits,
 * so values beyond 2^53 stay exact. Returns NaN when not an epoch number.
 */
export function parseEpochUs(buf: Uint8Array, start: number, end: number, out: { unit: EpochUnit }): number {
  while (start < end && buf[start] === 32) start++;
  while (end > start && buf[end - 1] === 32) end--;
  let intDigits = 0;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c < CH_0 || c > CH_9) break;
    intDigits++;
  }
  if (intDigits === 0) return Number.NaN;
  if (i < end && buf[i] !== CH_DOT) return Number.NaN;
  const unit: EpochUnit = intDigits <= 11 ? 's' : intDigits <= 14 ? 'ms' : intDigits <= 17 ? 'us' : 'ns';
  out.unit = unit;
  if (intDigits > 19) return Number.NaN;
  if (unit === 'ns') {
    let v = 0;
    for (let k = start; k < start + intDigits - 3; k++) v = v * 10 + ((buf[k] ?? 0) - CH_0);
    return v;
  }
  if (i === end && intDigits <= 16) {
    // Plain integers below 10^16 are exact as doubles: accumulate the digits directly.
    let v = 0;
    for (let k = start; k < end; k++) v = v * 10 + ((buf[k] ?? 0) - CH_0);
    return unit === 's' ? v * 1_000_000 : unit === 'ms' ? v * 1_000 : v;
  }
  const value = parseDecimal(buf, start, end);
  const factor = unit === 's' ? 1_000_000 : unit === 'ms' ? 1_000 : 1;
  return Math.round(value * factor);
}

/** Reads `buf[start, end)` as latin1 text (for short fields: symbols, sides). */
export function text(buf: Buffer, start: number, end: number): string {
  return buf.toString('latin1', start, end);
}
