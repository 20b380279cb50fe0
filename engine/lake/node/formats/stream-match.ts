/**
 * Finds the value registered for a (venue, symbol) pair straight from a line's field bytes,
 * with no allocation: a hash of the lengths and the symbol's first and last four bytes picks a
 * slot of a small open-addressing table, and the stored bytes are compared (four at a time)
 * before a hit counts. Names are latin1, as the parsers read fields.
 */
export class StreamMatcher<T> {
  private readonly keys: DataView[] = [];
  private readonly splits: number[] = [];
  private readonly values: T[] = [];
  /** Slot → entry index + 1 (0 = empty). */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** @param capacity most entries kept (later ones are simply not found) */
  constructor(private readonly capacity = 64) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.values.length;
  }

  /** Registers `value` for (venue, symbol) unless full or already present. */
  add(venue: string, symbol: string, value: T): void {
    if (this.values.length >= this.capacity) return;
    const bytes = Buffer.from(`${venue}${symbol}`, 'latin1');
    const key = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const split = Buffer.byteLength(venue, 'latin1');
    if (this.find(key, 0, split, split, bytes.length) !== undefined) return;
    let slot = hashOf(key, 0, split, split, bytes.length) & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.keys.push(key);
    this.splits.push(split);
    this.values.push(value);
    this.slots[slot] = this.values.length;
  }

  /** The value for venue `bytes[vs, ve)` and symbol `bytes[ss, se)` of `view`, if registered. */
  find(view: DataView, vs: number, ve: number, ss: number, se: number): T | undefined {
    let slot = hashOf(view, vs, ve, ss, se) & this.mask;
    for (;;) {
      const e = (this.slots[slot] ?? 0) - 1;
      if (e < 0) return undefined;
      const key = this.keys[e];
      const split = this.splits[e] ?? 0;
      if (
        key !== undefined &&
        split === ve - vs &&
        key.byteLength - split === se - ss &&
        same(key, 0, view, vs, split) &&
        same(key, split, view, ss, se - ss)
      )
        return this.values[e];
      slot = (slot + 1) & this.mask;
    }
  }
}

/** True when `a[ia, ia + n)` and `b[ib, ib + n)` hold the same bytes. */
function same(a: DataView, ia: number, b: DataView, ib: number, n: number): boolean {
  let k = 0;
  for (; k + 4 <= n; k += 4) if (a.getUint32(ia + k) !== b.getUint32(ib + k)) return false;
  for (; k < n; k++) if (a.getUint8(ia + k) !== b.getUint8(ib + k)) return false;
  return true;
}

/** Mixes the lengths and the symbol's first and last bytes (symbols differ there; the venue rarely does). */
function hashOf(view: DataView, vs: number, ve: number, ss: number, se: number): number {
  const n = se - ss;
  let h = Math.imul((ve - vs) * 64 + n, 0x9e3779b1);
  if (n >= 4) h ^= Math.imul(view.getUint32(ss) ^ Math.imul(view.getUint32(se - 4), 31), 0x85ebca6b);
  else for (let k = ss; k < se; k++) h = Math.imul(h ^ view.getUint8(k), 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
