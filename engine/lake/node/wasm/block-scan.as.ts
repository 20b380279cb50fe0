// AssemblyScript, compiled to WebAssembly (with SIMD) by build/build-node.mjs into
// dist/node/block-scan.wasm. The byte scan of a block of CSV lines, as `BlockScanner`
// (formats/block-scan.ts) does it in JavaScript, at ~2.5× its speed: separators found 16 bytes
// at a time, digits converted 8 at a time. It computes exactly what `BlockScanner` computes for
// every line it marks plain; it may mark more lines "general" (any quote in a line, numbers of
// more than 19 digits, names over 128 bytes), which is always safe: the importing thread runs
// the general path on those. `wasm-block-scan.ts` is its JavaScript side, which owns the memory
// layout below the heap base; a property test holds the two scanners to the same results.

// Column actions (formats/fused-scan.ts).
const TEXT: u8 = 1;
const NUM: u8 = 2;
const OPT_NUM: u8 = 3;
const TS: u8 = 4;
const OPT_TS: u8 = 5;

const COMMA: u8 = 44;
const LF: u8 = 10;
const CR: u8 = 13;
const QUOTE: u8 = 34;
const DOT: u8 = 46;
const MAX_SAFE: u64 = 9007199254740991;

const POW10: StaticArray<f64> = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
];
const POW10_INT: StaticArray<u64> = [
  1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000, 100000000000,
  1000000000000, 10000000000000, 100000000000000, 1000000000000000, 10000000000000000, 100000000000000000,
  1000000000000000000, 10000000000000000000,
];
/** µs per unit: s, ms, µs (ns are cut to µs as digits). */
const UNIT_FACTOR: StaticArray<f64> = [1000000, 1000, 1, 1];

/** Most columns a plan has. */
const MAX_COLS = 64;
/** Most streams a block names (as `BlockScanner`); later ones take the general path. */
const MAX_STREAMS = 64;
/** Names' bytes (8 spare bytes: keys are compared 8 bytes at a time). */
const ARENA_BYTES = MAX_STREAMS * 128;
const SLOTS = 128;

// The plan (set once per file) and per-line scratch.
const plan = memory.data(MAX_COLS);
const pick = memory.data(4 * MAX_COLS);
const colStart = memory.data(4 * MAX_COLS);
const colEnd = memory.data(4 * MAX_COLS);
/** Each column's place in a staged row (its index in `pick`), -1 when not staged. */
const colSlot = memory.data(4 * MAX_COLS);
/** Where the values of numeric columns that are not staged go. */
const scratch = memory.data(8, 8);
/** Unit code per column: 0 s, 1 ms, 2 µs, 3 ns, -2 none seen in this block. */
const unitCodes = memory.data(MAX_COLS);
// The block's streams: (venue, symbol) bytes side by side in the arena, in order of first sight.
const slots = memory.data(4 * SLOTS);
const keyOffset = memory.data(4 * MAX_STREAMS);
const keyVenueLength = memory.data(4 * MAX_STREAMS);
const keyLength = memory.data(4 * MAX_STREAMS);
const arena = memory.data(ARENA_BYTES + 8);

let columns: i32 = 0;
let stride: i32 = 0;
let venueCol: i32 = 0;
let symbolCol: i32 = 0;
let sideCol: i32 = -1;
/** The side's place in a staged row (-1: not staged). */
let sideSlot: i32 = -1;
let streamCount: i32 = 0;
let arenaUsed: i32 = 0;
/** Where the last `scan` stopped (the start of the first line it did not take). */
let stoppedAt: i32 = 0;

export function planPtr(): usize {
  return plan;
}
export function pickPtr(): usize {
  return pick;
}
export function unitCodesPtr(): usize {
  return unitCodes;
}
export function arenaPtr(): usize {
  return arena;
}
export function keyOffsetPtr(): usize {
  return keyOffset;
}
export function keyVenueLengthPtr(): usize {
  return keyVenueLength;
}
export function keyLengthPtr(): usize {
  return keyLength;
}
export function heapBase(): usize {
  return __heap_base;
}
export function streams(): i32 {
  return streamCount;
}
export function stopped(): i32 {
  return stoppedAt;
}

/**
 * Sets the plan's shape; its actions and picks (each column at most once; the side is column
 * `n`) are written at `planPtr()` / `pickPtr()` first.
 */
export function configure(n: i32, k: i32, venue: i32, symbol: i32, side: i32): void {
  columns = n;
  stride = k;
  venueCol = venue;
  symbolCol = symbol;
  sideCol = side;
  sideSlot = -1;
  for (let j = 0; j < n; j++) store<i32>(colSlot + (<usize>j << 2), -1);
  for (let i = 0; i < k; i++) {
    const c = load<i32>(pick + (<usize>i << 2));
    if (c == n) sideSlot = i;
    else store<i32>(colSlot + (<usize>c << 2), i);
  }
}

/** Where column j's value goes in the row at `row`. */
@inline
function destOf(row: usize, j: i32): usize {
  const slot = load<i32>(colSlot + (<usize>j << 2));
  return slot < 0 ? scratch : row + (<usize>slot << 3);
}

/** Forgets the streams and units of the previous block. */
export function beginBlock(): void {
  streamCount = 0;
  arenaUsed = 0;
  memory.fill(slots, 0, 4 * SLOTS);
  memory.fill(unitCodes, <u8>-2, MAX_COLS);
}

// The input being scanned, and a 64-byte window of its separators (comma, LF, quote): one
// window per line or so, so that few of its refills mispredict.
let IN: usize = 0;
let LEN: i32 = 0;
let winBase: i32 = 0;
let winMask: u64 = 0;

@inline
function separators16(p: usize): u64 {
  const v = v128.load(p);
  const m = v128.or(
    v128.or(i8x16.eq(v, i8x16.splat(COMMA)), i8x16.eq(v, i8x16.splat(LF))),
    i8x16.eq(v, i8x16.splat(QUOTE)),
  );
  return <u64>i8x16.bitmask(m);
}

@inline
function separatorsAt(b: i32): u64 {
  const p = IN + <usize>b;
  const r =
    separators16(p) | (separators16(p + 16) << 16) | (separators16(p + 32) << 32) | (separators16(p + 48) << 48);
  const rest = LEN - b;
  if (rest >= 64) return r;
  const bits: u64 = rest;
  return r & ((1 << bits) - 1);
}

/** The first separator at or after `q` (q never decreases between calls), LEN when none. */
@inline
function nextSeparator(q: i32): i32 {
  if (q >= winBase + 64) {
    winBase = q;
    winMask = separatorsAt(q);
  }
  const skip: u64 = q - winBase;
  let m = winMask & (<u64>-1 << skip);
  while (m == 0) {
    winBase += 64;
    if (winBase >= LEN) return LEN;
    winMask = separatorsAt(winBase);
    m = winMask;
  }
  return winBase + <i32>ctz(m);
}

/** True when the k bytes at p (0 ≤ k ≤ 16) are all ASCII digits. */
@inline
function digits16(p: usize, k: i32): bool {
  const d = i8x16.sub(v128.load(p), i8x16.splat(48));
  const ok = i8x16.bitmask(i8x16.le_u(d, i8x16.splat(9)));
  const want = (1 << k) - 1;
  return (ok & want) == want;
}

/** True when the k bytes at p (0 ≤ k ≤ 32) are all ASCII digits. */
@inline
function allDigits(p: usize, k: i32): bool {
  return k <= 16 ? digits16(p, k) : digits16(p, 16) && digits16(p + 16, k - 16);
}

/** The value of the k digits at p (0 ≤ k ≤ 8, checked digits), 8 at a time (SWAR). */
@inline
function eight(p: usize, k: i32): u64 {
  if (k == 0) return 0;
  // Bytes past the k digits are shifted out; the zero bytes shifted in are leading zeros.
  const shift: u64 = 64 - (k << 3);
  let x = load<u64>(p) << shift;
  x = ((x & 0x0f0f0f0f0f0f0f0f) * 2561) >> 8;
  x = ((x & 0x00ff00ff00ff00ff) * 6553601) >> 16;
  return ((x & 0x0000ffff0000ffff) * 42949672960001) >> 32;
}

/** The value of the k digits at p (0 ≤ k ≤ 19, checked digits): exact, below 10¹⁹. */
@inline
function digitsValue(p: usize, k: i32): u64 {
  if (k <= 8) return eight(p, k);
  if (k <= 16) return eight(p, k - 8) * 100000000 + eight(p + <usize>(k - 8), 8);
  return (eight(p, k - 16) * 100000000 + eight(p + <usize>(k - 16), 8)) * 100000000 + eight(p + <usize>(k - 8), 8);
}

/**
 * A plain decimal in [s, e) to `dest`: `FusedScanner.decimal`'s value (mantissa below 2⁵³
 * divided by 10^fraction digits, the correctly rounded value); false for the general path.
 * Inlined, as `epoch` is: ~10 % of the scan.
 */
@inline
function decimal(s: i32, e: i32, dest: usize, optional: bool): bool {
  if (s == e) {
    if (!optional) return false;
    store<f64>(dest, NaN);
    return true;
  }
  let p = s;
  const first = load<u8>(IN + <usize>p);
  const neg = first == 45;
  if (neg || first == 43) p++;
  const len = e - p;
  if (len == 0 || len > 20) return false;
  let dots = i8x16.bitmask(i8x16.eq(v128.load(IN + <usize>p), i8x16.splat(DOT)));
  if (len < 16) dots &= (1 << len) - 1;
  let intLen = len;
  let fracLen = 0;
  if (dots == 0 && len > 16) {
    // The dot in bytes 16..19 (they are the field's: len ≤ 20).
    const more = i8x16.bitmask(i8x16.eq(v128.load(IN + <usize>p + 16), i8x16.splat(DOT)));
    dots = (more & ((1 << (len - 16)) - 1)) << 16;
  }
  if (dots != 0) {
    intLen = ctz(dots);
    fracLen = len - intLen - 1;
  }
  const all = intLen + fracLen;
  // A second dot fails the digit check below.
  if (all == 0 || all > 19) return false;
  const ip = IN + <usize>p;
  const fp = ip + <usize>(intLen + 1);
  // Every byte a digit but the dot (at most one: a second one is not a digit).
  if (len <= 16) {
    const want = (1 << len) - 1;
    const ok = i8x16.bitmask(i8x16.le_u(i8x16.sub(v128.load(ip), i8x16.splat(48)), i8x16.splat(9)));
    if (((ok | (dots & want)) & want) != want || popcnt(dots) > 1) return false;
  } else if (!allDigits(ip, intLen) || !allDigits(fp, fracLen)) return false;
  let m = digitsValue(ip, intLen);
  if (fracLen > 0) m = m * unchecked(POW10_INT[fracLen]) + digitsValue(fp, fracLen);
  if (m > MAX_SAFE) return false;
  // Below 2⁵³: the signed conversion (one instruction; the unsigned one is several) is exact.
  const mv = <f64>(<i64>m);
  const value = fracLen == 0 ? mv : mv / unchecked(POW10[fracLen]);
  store<f64>(dest, neg ? -value : value);
  return true;
}

/** Unit code of an epoch by its digit count (`unitCode` in fused-scan.ts); -1 not handled. */
@inline
function unitCode(digits: i32): i32 {
  if (digits <= 11) return 0;
  if (digits <= 14) return 1;
  if (digits <= 16) return 2;
  if (digits == 17 || digits > 19) return -1;
  return 3;
}

/** An integer epoch in [s, e) of column j to `dest`, in µs (`FusedScanner.epoch`); false for the general path. */
@inline
function epoch(s: i32, e: i32, j: i32, dest: usize, optional: bool): bool {
  const digits = e - s;
  if (digits == 0) {
    if (!optional) return false;
    store<f64>(dest, NaN);
    return true;
  }
  if (digits > 19 || !allDigits(IN + <usize>s, digits)) return false;
  const code = unitCode(digits);
  if (code < 0) return false;
  // The block's first value of a column sets its unit; a value in another unit is not plain.
  const seen = load<i8>(unitCodes + j);
  if (code != seen) {
    if (seen != -2) return false;
    store<i8>(unitCodes + j, <i8>code);
  }
  const v = digitsValue(IN + <usize>s, code == 3 ? digits - 3 : digits);
  if (v > MAX_SAFE) return false;
  store<f64>(dest, <f64>(<i64>v) * unchecked(UNIT_FACTOR[code]));
  return true;
}

/** The first min(k, 8) bytes at p, zero-extended. */
@inline
function word(p: usize, k: i32): u64 {
  const x = load<u64>(p);
  const bits: u64 = k << 3;
  return k >= 8 ? x : x & ((1 << bits) - 1);
}

/** True when the n bytes at a and at b are the same (both readable 8 bytes past n). */
@inline
function sameBytes(a: usize, b: usize, n: i32): bool {
  let k = 0;
  for (; k + 8 <= n; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  return ((load<u64>(a + k) ^ load<u64>(b + k)) & ((<u64>1 << (<u64>(n - k) << 3)) - 1)) == 0;
}

/** The block-local id of the stream named by venue [vs, ve) and symbol [ss, se); -1 when full. */
function streamOf(vs: i32, ve: i32, ss: i32, se: i32): i32 {
  const vl = ve - vs;
  const sl = se - ss;
  let h: u64 = <u64>(vl * 64 + sl);
  h ^= word(IN + <usize>ss, sl) * 0x9e3779b97f4a7c15;
  if (sl > 8) h ^= load<u64>(IN + <usize>se - 8) * 0xd6e8feb86659fd93;
  h ^= word(IN + <usize>vs, vl) * 0xc2b2ae3d27d4eb4f;
  let slot = <i32>(h >> 40) & (SLOTS - 1);
  for (;;) {
    const e = load<i32>(slots + (<usize>slot << 2)) - 1;
    if (e < 0) break;
    const at = arena + <usize>load<i32>(keyOffset + (<usize>e << 2));
    if (
      load<i32>(keyVenueLength + (<usize>e << 2)) == vl &&
      load<i32>(keyLength + (<usize>e << 2)) == vl + sl &&
      sameBytes(at, IN + <usize>vs, vl) &&
      sameBytes(at + <usize>vl, IN + <usize>ss, sl)
    )
      return e;
    slot = (slot + 1) & (SLOTS - 1);
  }
  if (streamCount >= MAX_STREAMS || arenaUsed + vl + sl > ARENA_BYTES) return -1;
  const id = streamCount++;
  memory.copy(arena + <usize>arenaUsed, IN + <usize>vs, vl);
  memory.copy(arena + <usize>(arenaUsed + vl), IN + <usize>ss, sl);
  store<i32>(keyOffset + (<usize>id << 2), arenaUsed);
  store<i32>(keyVenueLength + (<usize>id << 2), vl);
  store<i32>(keyLength + (<usize>id << 2), vl + sl);
  arenaUsed += vl + sl;
  store<i32>(slots + (<usize>slot << 2), id + 1);
  return id;
}

/** +1 for exactly `buy`, -1 for exactly `sell`, else 0. */
@inline
function sideOf(a: i32, e: i32): f64 {
  const w = load<u32>(IN + <usize>a);
  if (e - a == 3 && (w & 0xffffff) == 0x797562) return 1;
  if (e - a == 4 && w == 0x6c6c6573) return -1;
  return 0;
}

/**
 * Scans the lines of `in[from, len)` (whole lines; 96 readable bytes past `len`), at most
 * `maxLines` of them, into line-indexed arrays: `starts`/`ends` (i32, the line without its
 * newline and trailing CR), `status` (u8: 1 plain, 0 general), `streams` (u8) and, for plain
 * lines, `values` (f64 × stride). Returns the lines taken; `stopped()` is where it stopped.
 */
export function scan(
  input: usize,
  len: i32,
  from: i32,
  maxLines: i32,
  starts: usize,
  ends: usize,
  status: usize,
  streamIds: usize,
  values: usize,
): i32 {
  IN = input;
  LEN = len;
  winBase = -128;
  winMask = 0;
  const n = columns;
  let lines = 0;
  let start = from;
  while (start < len && lines < maxLines) {
    // Values go straight to the line's row (a line that turns out general leaves scratch there).
    const row = values + (<usize>(lines * stride) << 3);
    let q = start;
    let plain = true;
    let lineEnd = -1;
    for (let j = 0; j < n; j++) {
      const sep = nextSeparator(q);
      const c = sep < len ? load<u8>(IN + <usize>sep) : LF;
      if (c == QUOTE) {
        plain = false;
        break;
      }
      let fieldEnd = sep;
      if (c == LF) {
        lineEnd = sep;
        if (j != n - 1) {
          plain = false; // fewer fields than the plan
          break;
        }
        if (fieldEnd > q && load<u8>(IN + <usize>fieldEnd - 1) == CR) fieldEnd--;
      } else if (j == n - 1) {
        plain = false; // more fields than the plan
        break;
      }
      const action = load<u8>(plan + j);
      if (action == NUM || action == OPT_NUM) {
        if (!decimal(q, fieldEnd, destOf(row, j), action == OPT_NUM)) {
          plain = false;
          break;
        }
      } else if (action == TS || action == OPT_TS) {
        if (!epoch(q, fieldEnd, j, destOf(row, j), action == OPT_TS)) {
          plain = false;
          break;
        }
      }
      store<i32>(colStart + (<usize>j << 2), q);
      store<i32>(colEnd + (<usize>j << 2), fieldEnd);
      q = sep + 1;
    }
    if (lineEnd < 0) {
      // The line was left early: find its newline.
      let e = q;
      while (e < len && load<u8>(IN + <usize>e) != LF) e++;
      lineEnd = e;
    }
    let end = lineEnd;
    if (end > start && load<u8>(IN + <usize>end - 1) == CR) end--;
    const i = lines++;
    store<i32>(starts + (<usize>i << 2), start);
    store<i32>(ends + (<usize>i << 2), end);
    store<u8>(status + <usize>i, 0);
    const lineStart = start;
    start = lineEnd + 1;
    if (!plain || end <= lineStart) continue;
    if (sideCol >= 0) {
      const side = sideOf(load<i32>(colStart + (<usize>sideCol << 2)), load<i32>(colEnd + (<usize>sideCol << 2)));
      if (side == 0) continue;
      if (sideSlot >= 0) store<f64>(row + (<usize>sideSlot << 3), side);
    }
    const id = streamOf(
      load<i32>(colStart + (<usize>venueCol << 2)),
      load<i32>(colEnd + (<usize>venueCol << 2)),
      load<i32>(colStart + (<usize>symbolCol << 2)),
      load<i32>(colEnd + (<usize>symbolCol << 2)),
    );
    if (id < 0) continue;
    store<u8>(streamIds + <usize>i, <u8>id);
    store<u8>(status + <usize>i, 1);
  }
  stoppedAt = start;
  return lines;
}
