import type { SeriesSink } from '../kernel/series-sink';

/** 2^-32: scaling by a power of two is exact, unlike a division. */
const INV_2_32 = 1 / 4294967296;

/**
 * Fingerprint of an emitted series: FNV-1a 64 over the rows in canonical text form, one line per
 * row, `ts_us,processor,venue,symbol,name,value\n`, numbers written by JavaScript's `String()`
 * (shortest round-trip; NaN as `NaN`). Equal to the FNV-1a 64 of a CSV body written that way,
 * so it can be checked outside the engine. Order matters: the same rows in another order hash
 * differently (replay order is part of determinism).
 *
 * The hash runs over the UTF-8 bytes of each line with the 64-bit state in two 32-bit halves
 * in local variables (the same digest as `Fnv1a64`, about 2 ns per byte).
 */
export class SeriesHasher implements SeriesSink {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;
  private n = 0;

  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void {
    this.line(`${tsUs},${processor},${venue},${symbol},${name},${value}\n`);
  }

  /** Hashes one row already in canonical form (ending with `\n`), e.g. a CSV writer's line. */
  line(text: string): void {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.hi = hi;
        this.lo = lo;
        i = this.mixNonAscii(text, i);
        hi = this.hi;
        lo = this.lo;
        continue;
      }
      // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64, every partial product exact in a double.
      const x = (lo ^ c) >>> 0;
      const t = x * 0x1b3;
      lo = t >>> 0;
      hi = (hi * 0x1b3 + Math.floor(t * INV_2_32) + x * 256) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
    this.n++;
  }

  /** Rows hashed. */
  get rows(): number {
    return this.n;
  }

  /** 16 hex digits. */
  digest(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }

  private byte(b: number): void {
    const x = (this.lo ^ (b & 0xff)) >>> 0;
    const t = x * 0x1b3;
    this.lo = t >>> 0;
    this.hi = (this.hi * 0x1b3 + Math.floor(t * INV_2_32) + x * 256) >>> 0;
  }

  /** Mixes the UTF-8 bytes of the non-ASCII character at `i`; returns the index of its last unit. */
  private mixNonAscii(s: string, i: number): number {
    let c = s.charCodeAt(i);
    if (c < 0x800) {
      this.byte(0xc0 | (c >> 6));
      this.byte(0x80 | (c & 0x3f));
      return i;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        this.byte(0xf0 | (c >> 18));
        this.byte(0x80 | ((c >> 12) & 0x3f));
        this.byte(0x80 | ((c >> 6) & 0x3f));
        this.byte(0x80 | (c & 0x3f));
        return i + 1;
      }
    }
    this.byte(0xe0 | (c >> 12));
    this.byte(0x80 | ((c >> 6) & 0x3f));
    this.byte(0x80 | (c & 0x3f));
    return i;
  }
}
