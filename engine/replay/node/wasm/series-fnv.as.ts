// The FNV-1a 64 of the output-series hash (engine/replay/series-hash.ts), in WebAssembly: the
// 64-bit state in a global, the multiply native (JavaScript emulates it in 16-bit pieces, ~20–30
// ns per row). Either one row of six 32-bit words per call (`row`, ~8 ns with the call), or a
// whole kernel run at once (`hashRuns`): the processors' value buffers, copied into this
// module's memory by wasm-series-fnv.ts, merged in publication order, each row's key hash looked
// up in a table here (filled through the imported `keyOf` on first use) — where JavaScript spent
// ~25 ns per value on the merge and the calls. Built by build/build-node.mjs into
// dist/node/series-fnv.wasm.

const OFFSET_BASIS: u64 = 0xcbf29ce484222325;
const PRIME: u64 = 0x100000001b3;
/** Every NaN is hashed as this quiet NaN's bits. */
const CANONICAL_NAN: u64 = 0x7ff8000000000000;

let state: u64 = OFFSET_BASIS;

/** Back to the offset basis. */
export function reset(): void {
  state = OFFSET_BASIS;
}

@inline
function step(h: u64, w: u64): u64 {
  return (h ^ (w & 0xffffffff)) * PRIME;
}

/**
 * Mixes one row: the float64 bits of `tsUs` (low word, then high), the key's hash words, and
 * the float64 bits of `value` (every NaN as the quiet NaN, −0 as 0).
 */
export function row(tsUs: f64, keyLo: u32, keyHi: u32, value: f64): void {
  const t = reinterpret<u64>(tsUs);
  const v: u64 = value != value ? CANONICAL_NAN : reinterpret<u64>(value == 0 ? 0.0 : value);
  let h = state;
  h = step(h, t);
  h = step(h, t >> 32);
  h = step(h, <u64>keyLo);
  h = step(h, <u64>keyHi);
  h = step(h, v);
  h = step(h, v >> 32);
  state = h;
}

/** Most runs (processors) of one `hashRuns` call. */
const MAX_RUNS = 64;
/** Most values of one `hashRuns` call, all runs together. */
const MAX_ROWS = 32768;
/** Entries of the key-hash cache. */
const KEY_SLOTS = 16384;

// Per run: its length, processor index and first row in the columns below.
const runLen = memory.data(4 * MAX_RUNS);
const runProc = memory.data(4 * MAX_RUNS);
const runStart = memory.data(4 * MAX_RUNS);
const runPos = memory.data(4 * MAX_RUNS);
// The runs' columns, one run after the other (the layout of `SeriesBuffer`).
const evCol = memory.data(4 * MAX_ROWS, 8);
const tsCol = memory.data(8 * MAX_ROWS, 8);
const valueCol = memory.data(8 * MAX_ROWS, 8);
const streamCol = memory.data(2 * MAX_ROWS, 8);
const nameCol = memory.data(2 * MAX_ROWS, 8);
// Key hashes by slot (processor · nameStride + name) · streamStride + stream; known flags.
const keyTable = memory.data(8 * KEY_SLOTS, 8);
const keyKnown = memory.data(KEY_SLOTS);
/** Where `keyOf` writes a key's hash (low word, then high). */
const keyScratch = memory.data(8, 8);

let nameStride: i32 = 0;
let streamStride: i32 = 0;

/** Writes the hash of the key (processor, stream, name) at `keyScratchPtr()`. */
@external('env', 'keyOf')
declare function keyOf(processorIdx: i32, streamId: i32, nameIdx: i32): void;

export function maxRuns(): i32 {
  return MAX_RUNS;
}
export function maxRows(): i32 {
  return MAX_ROWS;
}
export function runLenPtr(): usize {
  return runLen;
}
export function runProcPtr(): usize {
  return runProc;
}
export function runStartPtr(): usize {
  return runStart;
}
export function evPtr(): usize {
  return evCol;
}
export function tsPtr(): usize {
  return tsCol;
}
export function valuePtr(): usize {
  return valueCol;
}
export function streamPtr(): usize {
  return streamCol;
}
export function namePtr(): usize {
  return nameCol;
}
export function keyScratchPtr(): usize {
  return keyScratch;
}

/**
 * Sets the key cache's layout and empties it. Keys whose slot falls outside the cache (a name
 * index ≥ `names`, a stream id ≥ `streams`, or too many of both) are asked of `keyOf` each time.
 */
export function configureKeys(names: i32, streams: i32): void {
  nameStride = names;
  streamStride = streams;
  memory.fill(keyKnown, 0, KEY_SLOTS);
}

/** The hash of key (processor, stream, name): cached, else from `keyOf`. */
@inline
function keyHash(p: i32, s: i32, n: i32): u64 {
  if (n < nameStride && s < streamStride) {
    // In 64 bits: no product of the three can wrap onto another key's slot.
    const wide = (<i64>p * <i64>nameStride + <i64>n) * <i64>streamStride + <i64>s;
    if (<u64>wide < <u64>KEY_SLOTS) {
      const slot = <usize>wide;
      if (load<u8>(keyKnown + slot) != 0) return load<u64>(keyTable + (slot << 3));
      keyOf(p, s, n);
      const key = load<u64>(keyScratch);
      store<u64>(keyTable + (slot << 3), key);
      store<u8>(keyKnown + slot, 1);
      return key;
    }
  }
  keyOf(p, s, n);
  return load<u64>(keyScratch);
}

/**
 * Mixes the values of `runs` runs (laid out by the caller at the pointers above) for events
 * `from` up to `to` (exclusive), by event and within an event by run, each run's order kept:
 * `forEachValueInOrder`'s order (engine/bus/value-runs.ts).
 */
export function hashRuns(runs: i32, from: i32, to: i32): void {
  let h = state;
  let pending: i32 = 0;
  for (let r = 0; r < runs; r++) {
    store<i32>(runPos + (<usize>r << 2), 0);
    pending += load<i32>(runLen + (<usize>r << 2));
  }
  for (let e = from; e < to && pending > 0; e++) {
    for (let r = 0; r < runs; r++) {
      const rp = <usize>r << 2;
      const n = load<i32>(runLen + rp);
      let at = load<i32>(runPos + rp);
      if (at >= n) continue;
      let row = <usize>(load<i32>(runStart + rp) + at);
      if (load<i32>(evCol + (row << 2)) != e) continue;
      const p = load<i32>(runProc + rp);
      do {
        const t = load<u64>(tsCol + (row << 3));
        const key = keyHash(p, <i32>load<u16>(streamCol + (row << 1)), <i32>load<u16>(nameCol + (row << 1)));
        const value = load<f64>(valueCol + (row << 3));
        const v: u64 = value != value ? CANONICAL_NAN : reinterpret<u64>(value == 0 ? 0.0 : value);
        h = step(h, t);
        h = step(h, t >> 32);
        h = step(h, key);
        h = step(h, key >> 32);
        h = step(h, v);
        h = step(h, v >> 32);
        at++;
        row++;
        pending--;
      } while (at < n && load<i32>(evCol + (row << 2)) == e);
      store<i32>(runPos + rp, at);
    }
  }
  state = h;
}

/** The state's high word. */
export function high(): u32 {
  return <u32>(state >> 32);
}

/** The state's low word. */
export function low(): u32 {
  return <u32>state;
}
