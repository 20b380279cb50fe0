// Reference of the replay's output hash (engine/replay/series-hash.ts), computed from the
// emitted series as CSV text alone, with BigInt arithmetic and Buffer: shared by the unit test
// of the hasher, the determinism test of runReplay and the CLI test of `replay --out`.

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** FNV-1a 64 over the UTF-8 bytes of `text`. */
export function fnv1a64Ref(text: string): bigint {
  let h = OFFSET;
  for (const b of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(b)) * PRIME) & MASK;
  return h;
}

/** The float64 bits of `v`, every NaN as the quiet NaN (−0 never reaches here: its text is `0`). */
function bitsOf(v: number): bigint {
  if (Number.isNaN(v)) return 0x7ff8000000000000n;
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b.readBigUInt64LE();
}

/**
 * The hash of a series given as CSV body lines `ts_us,processor,venue,symbol,name,value\n`
 * (no header): per row the 32-bit words of float64(ts_us), of FNV-1a 64 of
 * `processor,venue,symbol,name` and of float64(value), low word first, each xor-ed into the
 * FNV-1a 64 state and multiplied by the prime.
 */
export function seriesHashOfCsv(body: string): string {
  let h = OFFSET;
  const mix64 = (x: bigint): void => {
    h = ((h ^ (x & 0xffffffffn)) * PRIME) & MASK;
    h = ((h ^ (x >> 32n)) * PRIME) & MASK;
  };
  for (const line of body.split('\n')) {
    if (line === '') continue;
    const [ts = '', processor, venue, symbol, name, value = ''] = line.split(',');
    mix64(bitsOf(Number(ts)));
    mix64(fnv1a64Ref(`${processor},${venue},${symbol},${name}`));
    mix64(bitsOf(Number(value)));
  }
  return h.toString(16).padStart(16, '0');
}
