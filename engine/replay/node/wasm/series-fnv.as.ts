// The FNV-1a 64 of the output-series hash (engine/replay/series-hash.ts), in WebAssembly: one
// row of six 32-bit words per call, the 64-bit state in a global, the multiply native. The
// JavaScript version emulates the 64-bit multiply in 16-bit pieces (~20–30 ns per row); this one
// takes ~8 ns with the call. Built by build/build-node.mjs into dist/node/series-fnv.wasm.

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

/** The state's high word. */
export function high(): u32 {
  return <u32>(state >> 32);
}

/** The state's low word. */
export function low(): u32 {
  return <u32>state;
}
