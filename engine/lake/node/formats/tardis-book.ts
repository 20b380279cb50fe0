import { FieldError } from './csv-base';
import { parseSideText } from './fields';
import { TardisParser } from './tardis';

/** `book_snapshot_N`: `asks[i].price,asks[i].amount,bids[i].price,bids[i].amount` for i < N; each line is one snapshot. */
export class TardisBookSnapshotParser extends TardisParser {
  readonly format = 'tardis-book-snapshot' as const;
  protected readonly kind = 'book' as const;
  private levels = 0;

  protected requiredColumns(): readonly string[] {
    return ['exchange', 'symbol', 'timestamp', 'local_timestamp', 'asks[0].price', 'bids[0].price'];
  }

  protected override onHeader(): void {
    super.onHeader();
    while (this.cols.has(`asks[${this.levels}].price`)) this.levels++;
  }

  protected row(line: number, raw: () => string): void {
    const s = this.streamOf();
    const r = s.area.row;
    this.times(s, r);
    const ts = r[0] ?? Number.NaN;
    const local = r[1] ?? Number.NaN;
    for (const [side, name] of [
      [1, 'bids'],
      [-1, 'asks'],
    ] as const) {
      for (let i = 0; i < this.levels; i++) {
        const ip = this.col(`${name}[${i}].price`);
        // Thin books leave trailing levels empty.
        if ((this.f.ends[ip] ?? 0) <= (this.f.starts[ip] ?? 0)) continue;
        r[0] = ts;
        r[1] = local;
        r[2] = Number.NaN;
        r[3] = Number.NaN;
        r[4] = Number.NaN;
        r[5] = side;
        r[6] = this.num(ip, `${name}[${i}].price`);
        r[7] = this.num(this.col(`${name}[${i}].amount`), `${name}[${i}].amount`);
        r[8] = 1;
        s.area.accept(s.stream, line, raw);
      }
    }
  }
}

/** `incremental_book_L2`: `exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount`. */
export class TardisIncrementalBookParser extends TardisParser {
  readonly format = 'tardis-incremental-book' as const;
  protected readonly kind = 'book' as const;

  protected requiredColumns(): readonly string[] {
    return ['exchange', 'symbol', 'timestamp', 'local_timestamp', 'is_snapshot', 'side', 'price', 'amount'];
  }

  protected row(line: number, raw: () => string): void {
    const s = this.streamOf();
    const r = s.area.row;
    this.times(s, r);
    r[2] = Number.NaN;
    r[3] = Number.NaN;
    r[4] = Number.NaN;
    const side = parseSideText(this.f.text(this.buf, this.col('side')));
    if (side === 0)
      throw new FieldError(
        'unknown side',
        `side ${JSON.stringify(this.f.text(this.buf, this.col('side')))} is not bid or ask`,
      );
    r[5] = side;
    r[6] = this.num(this.col('price'), 'price');
    r[7] = this.num(this.col('amount'), 'amount');
    const snap = this.f.text(this.buf, this.col('is_snapshot')).trim().toLowerCase();
    r[8] = snap === 'true' || snap === '1' ? 1 : 0;
    s.area.accept(s.stream, line, raw);
  }
}
