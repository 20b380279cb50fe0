import { Fnv1a64 } from '../book/fnv1a64';
import type { SeriesSink } from '../kernel/series-sink';

/**
 * Fingerprint of an emitted series: FNV-1a 64 over the rows in canonical text form, one line per
 * row, `ts_us,processor,venue,symbol,name,value\n`, numbers written by JavaScript's `String()`
 * (shortest round-trip; NaN as `NaN`). Equal to the FNV-1a 64 of a CSV body written that way,
 * so it can be checked outside the engine. Order matters: the same rows in another order hash
 * differently (replay order is part of determinism).
 */
export class SeriesHasher implements SeriesSink {
  private readonly h = new Fnv1a64();
  private n = 0;

  write(tsUs: number, processor: string, venue: string, symbol: string, name: string, value: number): void {
    const h = this.h;
    h.str(String(tsUs)).byte(44).str(processor).byte(44).str(venue).byte(44).str(symbol).byte(44);
    h.str(name).byte(44).str(String(value)).byte(10);
    this.n++;
  }

  /** Rows hashed. */
  get rows(): number {
    return this.n;
  }

  /** 16 hex digits. */
  digest(): string {
    return this.h.hex();
  }
}
