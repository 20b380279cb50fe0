/**
 * FNV-1a, 64-bit, computed with two 32-bit halves (no BigInt, no allocation per byte).
 * Used for deterministic fingerprints: the book state hash and the output-series hash.
 * Matches the reference FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
 */
export class Fnv1a64 {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  /** Back to the offset basis. */
  reset(): this {
    this.hi = 0xcbf29ce4;
    this.lo = 0x84222325;
    return this;
  }

  /** Mixes one byte (0..255). */
  byte(b: number): this {
    const lo = (this.lo ^ (b & 0xff)) >>> 0;
    // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64, every partial product exact in a double.
    const t = lo * 0x1b3;
    const carry = Math.floor(t / 4294967296);
    this.lo = t >>> 0;
    this.hi = (this.hi * 0x1b3 + carry + lo * 256) >>> 0;
    return this;
  }

  /** Mixes a uint32 as 4 bytes, little-endian. */
  u32(x: number): this {
    return this.byte(x)
      .byte(x >>> 8)
      .byte(x >>> 16)
      .byte(x >>> 24);
  }

  /** Mixes the IEEE-754 bits of a double, 8 bytes little-endian (NaN canonicalised). */
  f64(x: number): this {
    this.scratch.setFloat64(0, Number.isNaN(x) ? NaN : x, true);
    return this.u32(this.scratch.getUint32(0, true)).u32(this.scratch.getUint32(4, true));
  }

  /** Mixes the UTF-8 bytes of a string. */
  str(s: string): this {
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        this.byte(c);
        continue;
      }
      if (c < 0x800) {
        this.byte(0xc0 | (c >> 6)).byte(0x80 | (c & 0x3f));
        continue;
      }
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) {
          i++;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          this.byte(0xf0 | (c >> 18))
            .byte(0x80 | ((c >> 12) & 0x3f))
            .byte(0x80 | ((c >> 6) & 0x3f))
            .byte(0x80 | (c & 0x3f));
          continue;
        }
      }
      this.byte(0xe0 | (c >> 12))
        .byte(0x80 | ((c >> 6) & 0x3f))
        .byte(0x80 | (c & 0x3f));
    }
    return this;
  }

  /** Mixes raw bytes. */
  bytes(b: Uint8Array): this {
    for (let i = 0; i < b.length; i++) this.byte(b[i] as number);
    return this;
  }

  /** The digest as its [high, low] 32-bit words (unsigned). */
  words(): readonly [number, number] {
    return [this.hi, this.lo];
  }

  /** The digest as 16 lower-case hex digits. */
  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}
