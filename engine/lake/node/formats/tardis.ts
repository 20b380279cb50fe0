import type { DataKind } from '../../../model/kinds';
import type { StagingArea } from '../staging';
import { guessSymbol } from './binance-ws';
import { CsvParser, FieldError } from './csv-base';
import { LINE_PLAIN, SIDE_OUT, type BlockPlan, type ParsedBlock } from './block-scan';
import { parseSideText, TsColumn } from './fields';
import { FusedScanner, NUM, OPT_NUM, OPT_TS, SKIP, TEXT, TS, unitCodeOf } from './fused-scan';
import type { ParseTarget } from './parser';
import { StreamMatcher } from './stream-match';

type Stream = { area: StagingArea; stream: number };

/** A stream as the fast path finds it, with whether its units were noted (noting is first-wins, so once is enough). */
interface FastStream {
  readonly s: Stream;
  timeNoted: boolean;
  localNoted: boolean;
}

/** Tardis CSVs name venue and symbol on every row: `exchange,symbol,timestamp,local_timestamp,...`. */
export abstract class TardisParser extends CsvParser {
  protected abstract readonly kind: DataKind;
  protected readonly time = new TsColumn('ts_us');
  protected readonly local = new TsColumn('local_ts_us');
  /** Streams seen in this file, matched against the row's bytes (files interleave symbols). */
  private readonly seen: { venue: string; symbol: string; s: Stream }[] = [];
  private fb: Stream | undefined;
  /** Column indexes resolved once per file (keyed lookups per field cost more than parsing). */
  protected iExchange = -1;
  protected iSymbol = -1;
  protected iTime = -1;
  protected iLocal = -1;
  /** The fast path's view of `seen` (filled from unquoted fields only, so bytes and text agree). */
  private readonly matcher = new StreamMatcher<FastStream>(64);
  /** Set by `onHeader` in formats that have a fast path. */
  protected scanner: FusedScanner | undefined;
  /** The parse workers' plan, set by `onHeader` with the scanner. */
  protected plainPlan: BlockPlan | undefined;
  /** The streams of the block being staged, by block-local id, as resolved so far. */
  private blockStreams: (FastStream | undefined)[] = [];
  /** Unit codes of the time columns (see `unitCodeOf`; -2 while the general path has not set them). */
  private timeCode = -2;
  private localCode = -2;

  constructor(target: ParseTarget) {
    super(target, undefined);
  }

  protected override onHeader(): void {
    super.onHeader();
    this.iExchange = this.col('exchange');
    this.iSymbol = this.col('symbol');
    this.iTime = this.col('timestamp');
    this.iLocal = this.col('local_timestamp');
  }

  /** A fast-path plan with the common columns set; the format adds its own. */
  protected basePlan(): { plan: Uint8Array; ts: (TsColumn | undefined)[] } {
    const plan = new Uint8Array(this.expectedFields).fill(SKIP);
    const ts: (TsColumn | undefined)[] = Array.from({ length: this.expectedFields }, () => undefined);
    plan[this.iExchange] = TEXT;
    plan[this.iSymbol] = TEXT;
    plan[this.iTime] = TS;
    plan[this.iLocal] = OPT_TS;
    ts[this.iTime] = this.time;
    ts[this.iLocal] = this.local;
    return { plan, ts };
  }

  /** Scans the line and finds its stream for the fast path, or undefined (general path). */
  protected fastStart(buf: Buffer, start: number, end: number): FastStream | undefined {
    const sc = this.scanner;
    if (sc === undefined || !sc.scan(buf, start, end)) return undefined;
    const st = sc.starts;
    const en = sc.ends;
    const iv = this.iExchange;
    const is = this.iSymbol;
    return this.matcher.find(sc.view, st[iv] ?? 0, en[iv] ?? 0, st[is] ?? 0, en[is] ?? 0);
  }

  /** Fills `row[0..1]` with the scanned times and notes their units as `times` would. */
  protected fastTimes(e: FastStream, sc: FusedScanner): void {
    const r = e.s.area.row;
    r[0] = sc.values[this.iTime] ?? Number.NaN;
    const local = sc.values[this.iLocal] ?? Number.NaN;
    r[1] = local;
    this.noteFastUnits(e, local);
  }

  /** Notes the time columns' units for a fast-path row (first-wins, so once per stream). */
  private noteFastUnits(e: FastStream, local: number): void {
    if (!e.timeNoted) {
      e.s.area.noteUnit(e.s.stream, this.time.name, this.time.unit ?? '');
      e.timeNoted = true;
    }
    if (!e.localNoted && !Number.isNaN(local)) {
      e.s.area.noteUnit(e.s.stream, this.local.name, this.local.unit ?? '');
      e.localNoted = true;
    }
  }

  override blockPlan(): BlockPlan | undefined {
    return this.plainPlan;
  }

  override onBlock(buf: Buffer, block: ParsedBlock, firstLine: number): void {
    this.blockStreams = Array.from({ length: block.venues.length }, () => undefined);
    super.onBlock(buf, block, firstLine);
  }

  /** Line indexes of a block grouped by stream (reused from block to block). */
  private order = new Int32Array(0);

  /**
   * A block whose every line is plain, of a stream the fast path knows, with timestamps in the
   * file's units and valid (`StagingArea.isValid`) — most blocks of a real file — is staged
   * stream by stream: its lines grouped by stream (a counting sort, file order kept within a
   * stream), each stream's rows staged by one `acceptValidRows` call. Line by line, such a
   * block stages the same rows and statistics: streams share nothing but the list of rejects,
   * and there are none. ~3× cheaper than `parsedRow` per line.
   */
  protected override stageWholeBlock(b: ParsedBlock): boolean {
    const n = b.lines;
    const ids = b.venues.length;
    if (n === 0 || ids === 0) return false;
    if (this.timeCode === -2) this.timeCode = unitCodeOf(this.time.unit);
    if (this.localCode === -2) this.localCode = unitCodeOf(this.local.unit);
    if (this.timeCode === -2 || b.units[this.iTime] !== this.timeCode) return false;
    // No local time in the block (-2), or local times in the file's unit.
    const localUnit = b.units[this.iLocal];
    if (localUnit !== -2 && localUnit !== this.localCode) return false;
    const entries: FastStream[] = [];
    for (let id = 0; id < ids; id++) {
      const e = this.blockStream(b, id);
      if (e === undefined) return false;
      entries.push(e);
    }
    const area = entries[0]?.s.area;
    if (area === undefined || entries.some((e) => e.s.area !== area)) return false;
    const { status, streams, values } = b;
    const stride = area.row.length;
    const isValid = area.isValid;
    const counts = new Int32Array(ids + 1);
    const hasLocal = new Uint8Array(ids);
    for (let i = 0; i < n; i++) {
      if (status[i] !== LINE_PLAIN || !isValid(values, i * stride)) return false;
      const id = streams[i] as number;
      counts[id + 1] = (counts[id + 1] as number) + 1;
      if (values[i * stride + 1] === values[i * stride + 1]) hasLocal[id] = 1;
    }
    for (let id = 0; id < ids; id++) counts[id + 1] = (counts[id + 1] as number) + (counts[id] as number);
    if (this.order.length < n) this.order = new Int32Array(Math.max(n, 2 * this.order.length));
    const order = this.order;
    const at = counts.slice(0, ids);
    for (let i = 0; i < n; i++) {
      const id = streams[i] as number;
      order[at[id] as number] = i;
      at[id] = (at[id] as number) + 1;
    }
    entries.forEach((e, id) => {
      const from = counts[id] as number;
      const to = counts[id + 1] as number;
      if (to === from) return;
      this.noteFastUnits(e, hasLocal[id] === 1 ? 0 : Number.NaN);
      area.acceptValidRows(e.s.stream, values, stride, order, from, to);
    });
    return true;
  }

  /**
   * A scanned plain line: staged when the fast path would stage it — its stream is one the
   * matcher knows (registered by the general path) and its timestamps are in the columns' units.
   */
  protected override parsedRow(b: ParsedBlock, i: number, line: number): boolean {
    const e = this.blockStream(b, b.streams[i] ?? 0);
    if (e === undefined) return false;
    const v = b.values;
    const stride = e.s.area.row.length;
    const base = i * stride;
    if (this.timeCode === -2) this.timeCode = unitCodeOf(this.time.unit);
    if (b.units[this.iTime] !== this.timeCode) return false;
    const local = v[base + 1] ?? Number.NaN;
    if (!Number.isNaN(local)) {
      if (this.localCode === -2) this.localCode = unitCodeOf(this.local.unit);
      if (b.units[this.iLocal] !== this.localCode) return false;
    }
    this.noteFastUnits(e, local);
    e.s.area.acceptFrom(e.s.stream, line, this.raw, v, base);
    return true;
  }

  /**
   * The fast path's stream of block-local stream `id`, if registered; resolved once per block
   * (kept in `blockStreams`), whether the block is staged whole or line by line.
   */
  private blockStream(b: ParsedBlock, id: number): FastStream | undefined {
    let e = this.blockStreams[id];
    if (e === undefined) {
      e = this.findStream(b.venues[id] ?? '', b.symbols[id] ?? '');
      if (e !== undefined) this.blockStreams[id] = e;
    }
    return e;
  }

  /** The fast path's stream for venue and symbol as written in the file, if registered. */
  private findStream(venue: string, symbol: string): FastStream | undefined {
    const key = Buffer.from(`${venue}${symbol}`, 'latin1');
    const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
    return this.matcher.find(view, 0, venue.length, venue.length, key.length);
  }

  /** The row's stream; the venue/symbol text is compared in place, so a repeat costs no allocation. */
  protected streamOf(): Stream {
    const iv = this.iExchange;
    const is = this.iSymbol;
    for (let k = 0; k < this.seen.length; k++) {
      const e = this.seen[k];
      if (e !== undefined && this.f.equals(this.buf, is, e.symbol) && this.f.equals(this.buf, iv, e.venue)) {
        this.currentStream = e.s;
        return e.s;
      }
    }
    const fileVenue = this.f.text(this.buf, iv);
    const fileSymbol = this.f.text(this.buf, is);
    const area = this.target.staging(this.kind);
    const venue = this.target.venue ?? fileVenue;
    const symbol = this.target.symbol ?? fileSymbol;
    if (venue === '' || symbol === '') throw new FieldError('unparseable', 'empty exchange or symbol');
    const s = { area, stream: area.streamFor(venue, symbol) };
    if (this.seen.length < 64) {
      this.seen.push({ venue: fileVenue, symbol: fileSymbol, s });
      if (this.f.unquoted.size === 0)
        this.matcher.add(fileVenue, fileSymbol, { s, timeNoted: false, localNoted: false });
    }
    this.fb ??= s;
    this.currentStream = s;
    return s;
  }

  protected fallbackStream(): Stream {
    if (this.fb === undefined) {
      const area = this.target.staging(this.kind);
      this.fb = {
        area,
        stream: area.streamFor(
          this.target.venue ?? 'unknown',
          this.target.symbol ?? guessSymbol(this.target.fileName),
        ),
      };
    }
    return this.fb;
  }

  protected times(s: Stream, r: Float64Array): void {
    r[0] = this.ts(this.iTime, this.time, s);
    r[1] = this.optTs(this.iLocal, this.local, s);
  }
}

/** `exchange,symbol,timestamp,local_timestamp,id,side,price,amount`. */
export class TardisTradesParser extends TardisParser {
  readonly format = 'tardis-trades' as const;
  protected readonly kind = 'trades' as const;
  private iId = -1;
  private iSide = -1;
  private iPrice = -1;
  private iAmount = -1;

  protected override onHeader(): void {
    super.onHeader();
    this.iId = this.col('id');
    this.iSide = this.col('side');
    this.iPrice = this.col('price');
    this.iAmount = this.col('amount');
    const { plan, ts } = this.basePlan();
    plan[this.iId] = OPT_NUM;
    plan[this.iSide] = TEXT;
    plan[this.iPrice] = NUM;
    plan[this.iAmount] = NUM;
    this.scanner = new FusedScanner(plan, ts);
    this.plainPlan = {
      plan,
      venueCol: this.iExchange,
      symbolCol: this.iSymbol,
      sideCol: this.iSide,
      out: [this.iTime, this.iLocal, this.iId, this.iPrice, this.iAmount, SIDE_OUT],
    };
  }

  protected override fastRow(buf: Buffer, start: number, end: number, line: number): boolean {
    const e = this.fastStart(buf, start, end);
    const sc = this.scanner;
    if (e === undefined || sc === undefined) return false;
    // Only the exact words; other spellings take the general path.
    const a = sc.starts[this.iSide] ?? 0;
    const n = (sc.ends[this.iSide] ?? 0) - a;
    let side: number;
    if (n === 3 && buf[a] === 98 && buf[a + 1] === 117 && buf[a + 2] === 121) side = 1;
    else if (n === 4 && buf[a] === 115 && buf[a + 1] === 101 && buf[a + 2] === 108 && buf[a + 3] === 108)
      side = -1;
    else return false;
    this.fastTimes(e, sc);
    const r = e.s.area.row;
    const v = sc.values;
    r[2] = v[this.iId] ?? Number.NaN;
    r[3] = v[this.iPrice] ?? Number.NaN;
    r[4] = v[this.iAmount] ?? Number.NaN;
    r[5] = side;
    e.s.area.accept(e.s.stream, line, this.raw);
    return true;
  }

  protected requiredColumns(): readonly string[] {
    return ['exchange', 'symbol', 'timestamp', 'local_timestamp', 'id', 'side', 'price', 'amount'];
  }

  protected row(line: number, raw: () => string): void {
    const s = this.streamOf();
    const r = s.area.row;
    this.times(s, r);
    r[2] = this.optNum(this.iId, 'id');
    r[3] = this.num(this.iPrice, 'price');
    r[4] = this.num(this.iAmount, 'amount');
    const iside = this.iSide;
    r[5] = this.f.equals(this.buf, iside, 'buy')
      ? 1
      : this.f.equals(this.buf, iside, 'sell')
        ? -1
        : parseSideText(this.f.text(this.buf, iside));
    if (r[5] === 0)
      throw new FieldError(
        'unknown side',
        `side ${JSON.stringify(this.f.text(this.buf, iside))} is not buy or sell`,
      );
    s.area.accept(s.stream, line, raw);
  }
}

/** `exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount`. */
export class TardisQuotesParser extends TardisParser {
  readonly format = 'tardis-quotes' as const;
  protected readonly kind = 'quotes' as const;
  private readonly ix4 = new Int32Array(4);

  protected override onHeader(): void {
    super.onHeader();
    ['bid_price', 'bid_amount', 'ask_price', 'ask_amount'].forEach((c, i) => (this.ix4[i] = this.col(c)));
    const { plan, ts } = this.basePlan();
    for (const i of this.ix4) plan[i] = NUM;
    this.scanner = new FusedScanner(plan, ts);
    this.plainPlan = {
      plan,
      venueCol: this.iExchange,
      symbolCol: this.iSymbol,
      sideCol: -1,
      out: [this.iTime, this.iLocal, ...this.ix4],
    };
  }

  protected override fastRow(buf: Buffer, start: number, end: number, line: number): boolean {
    const e = this.fastStart(buf, start, end);
    const sc = this.scanner;
    if (e === undefined || sc === undefined) return false;
    this.fastTimes(e, sc);
    const r = e.s.area.row;
    const v = sc.values;
    const ix = this.ix4;
    r[2] = v[ix[0] ?? 0] ?? Number.NaN;
    r[3] = v[ix[1] ?? 0] ?? Number.NaN;
    r[4] = v[ix[2] ?? 0] ?? Number.NaN;
    r[5] = v[ix[3] ?? 0] ?? Number.NaN;
    e.s.area.accept(e.s.stream, line, this.raw);
    return true;
  }

  protected requiredColumns(): readonly string[] {
    return [
      'exchange',
      'symbol',
      'timestamp',
      'local_timestamp',
      'ask_amount',
      'ask_price',
      'bid_price',
      'bid_amount',
    ];
  }

  protected row(line: number, raw: () => string): void {
    const s = this.streamOf();
    const r = s.area.row;
    this.times(s, r);
    r[2] = this.num(this.ix4[0] ?? -1, 'bid_price');
    r[3] = this.num(this.ix4[1] ?? -1, 'bid_amount');
    r[4] = this.num(this.ix4[2] ?? -1, 'ask_price');
    r[5] = this.num(this.ix4[3] ?? -1, 'ask_amount');
    s.area.accept(s.stream, line, raw);
  }
}
