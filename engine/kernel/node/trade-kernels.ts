import { TickbenchError } from '../../core/errors';
import { instantiateWasm, type WasmMemory, type WasmModule } from '../../core/node/wasm-api';
import { EventKind, type EventBatch, type PayloadColumn, type StreamInfo } from '../../model/events';
import type { Processor, SnapshotValue } from '../processor';
import type { ProcessorContext } from '../processor-context';
import { StreamValues } from '../processors/stream-values';
import { TRADES } from '../processors/trade-processor-base';

/*
 * One instance of the trade processors' WebAssembly module (wasm/trade-kernels.as.ts, built into
 * dist/node/trade-kernels.wasm) per kernel, and the base of the processors that run their loops
 * in it. The module holds every such processor's state; a kernel run's columns are copied into
 * it once (the first of these processors to see the run stages them, the others find them
 * staged), then each processor's loop is one call.
 */

/** The module's functions that answer a constant: its limit and its regions' addresses. */
const CONSTANTS = [
  'maxRows',
  'kindPtr',
  'streamPtr',
  'tsPtr',
  'aPtr',
  'bPtr',
  'outRowPtr',
  'outSeriesPtr',
  'outValuePtr',
  'noticeRowPtr',
  'noticeCodePtr',
  'noticeValuePtr',
] as const;

/** The exports every processor uses; each kind's own functions are looked up by its wrapper. */
type CoreExports = Readonly<Record<(typeof CONSTANTS)[number], () => number>> & {
  readonly memory: WasmMemory;
  readonly configure: (trade: number) => void;
  readonly failed: () => number;
  readonly notices: () => number;
  readonly lastPtr: (h: number) => number;
  readonly countPtr: (h: number) => number;
};

const CORE = [...CONSTANTS, 'configure', 'failed', 'notices', 'lastPtr', 'countPtr'] as const;

/** One instance of the module: the staged run and the processors' state. */
export class TradeKernels {
  readonly fns: CoreExports;
  readonly maxRows: number;
  private readonly exports: Readonly<Record<string, unknown>>;
  private readonly kind: Uint8Array;
  private readonly stream: Uint16Array;
  private readonly ts: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly outRow: Int32Array;
  private readonly outSeries: Uint8Array;
  private readonly outValue: Float64Array;
  /** The last call's notices (rare events such as breaches): event row, code, number. */
  readonly noticeRow: Int32Array;
  readonly noticeCode: Uint8Array;
  readonly noticeValue: Float64Array;
  /** The columns staged besides kind, stream and prices (the union of the processors' needs). */
  private stageTs = false;
  private stageB = false;
  /** What is staged: the run (kernel run counter), its batch and range. */
  private stagedSeq = -1;
  private stagedBatch: EventBatch | undefined;
  private stagedFrom = -1;
  private stagedTo = -1;

  constructor(module: WasmModule) {
    this.exports = instantiateWasm(module, 'trade-kernels.wasm', CORE, {
      // Called only where the heap cannot grow (past the module's 2 GiB).
      env: {
        abort: (): never => {
          throw new TickbenchError('internal', 'trade-kernels.wasm: out of memory (its limit is 2 GiB)');
        },
      },
    });
    const f = this.exports as unknown as CoreExports;
    this.fns = f;
    f.configure(EventKind.Trade);
    this.maxRows = f.maxRows();
    // The memory is shared: growing it never detaches a buffer, and views of its static
    // regions (below) stay valid whatever the heap does.
    const buffer = f.memory.buffer;
    const n = this.maxRows;
    this.kind = new Uint8Array(buffer, f.kindPtr(), n);
    this.stream = new Uint16Array(buffer, f.streamPtr(), n);
    this.ts = new Float64Array(buffer, f.tsPtr(), n);
    this.a = new Float64Array(buffer, f.aPtr(), n);
    this.b = new Float64Array(buffer, f.bPtr(), n);
    this.outRow = new Int32Array(buffer, f.outRowPtr(), 2 * n);
    this.outSeries = new Uint8Array(buffer, f.outSeriesPtr(), 2 * n);
    this.outValue = new Float64Array(buffer, f.outValuePtr(), 2 * n);
    this.noticeRow = new Int32Array(buffer, f.noticeRowPtr(), n);
    this.noticeCode = new Uint8Array(buffer, f.noticeCodePtr(), n);
    this.noticeValue = new Float64Array(buffer, f.noticeValuePtr(), n);
  }

  /** The module's functions `names` (a missing one throws: a stale build). */
  functions<T extends object>(names: readonly (keyof T & string)[]): T {
    for (const name of names)
      if (typeof this.exports[name] !== 'function')
        throw new TypeError(
          `trade-kernels.wasm: no function export ${name}; rebuild with npm run build:node`,
        );
    return this.exports as unknown as T;
  }

  /** A processor that reads these columns (besides kind, stream and prices) was created. */
  need(columns: { readonly ts?: boolean; readonly b?: boolean }): void {
    if (columns.ts === true) this.stageTs = true;
    if (columns.b === true) this.stageB = true;
  }

  /** A view of `length` doubles at `ptr` (per-stream arrays the module allocated). */
  f64At(ptr: number, length: number): Float64Array {
    return new Float64Array(this.fns.memory.buffer, ptr, length);
  }

  /** A view of `length` bytes at `ptr` (per-stream flags the module allocated). */
  u8At(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.fns.memory.buffer, ptr, length);
  }

  /**
   * Copies events [from, to) of `batch` (at most `maxRows`) into the module, unless that run's
   * range is staged already. `runSeq`: the kernel's run counter (`ctx.run.seq`).
   */
  stage(batch: EventBatch, from: number, to: number, runSeq: number): void {
    if (
      runSeq === this.stagedSeq &&
      batch === this.stagedBatch &&
      from === this.stagedFrom &&
      to === this.stagedTo
    ) {
      return;
    }
    this.kind.set(batch.kind.subarray(from, to));
    this.stream.set(batch.stream.subarray(from, to));
    this.a.set(batch.a.subarray(from, to));
    if (this.stageTs) this.ts.set(batch.tsUs.subarray(from, to));
    if (this.stageB) this.b.set(batch.b.subarray(from, to));
    this.stagedSeq = runSeq;
    this.stagedBatch = batch;
    this.stagedFrom = from;
    this.stagedTo = to;
  }

  /**
   * Emits the `count` values the last call noted (event rows relative to `from`, the series as
   * an index into `nameIds`), in their order.
   */
  emitValues(
    ctx: ProcessorContext,
    batch: EventBatch,
    from: number,
    count: number,
    nameIds: Int32Array,
  ): void {
    const rows = this.outRow;
    const series = this.outSeries;
    const values = this.outValue;
    const ts = batch.tsUs;
    const stream = batch.stream;
    for (let j = 0; j < count; j++) {
      const i = from + (rows[j] as number);
      const name = nameIds[series[j] as number] as number;
      ctx.emitAt(i, ts[i] as number, stream[i] as number, name, values[j] as number);
    }
  }
}

/** A kind's `<kind>New(streams, ...parameters)`: the handle of the state it allocated. */
type NumberFn = (...args: number[]) => number;
/** A kind's `<kind>Run(handle, rows, capture)`: the values emitted. */
type RunFn = (h: number, n: number, capture: boolean) => number;

/**
 * A trade processor whose loop runs in the module: the registry's processor of the same kind
 * and parameter, with the same values, errors and snapshot (the module records the snapshot's
 * last value and count per stream as it emits). The module's functions of the kind are
 * `<kind>New(streams, ...newArgs)`, which allocates the state and returns its handle, and
 * `<kind>Run(handle, rows, capture)`, the loop over the staged rows.
 */
export abstract class WasmTradeProcessor implements Processor {
  readonly kinds = TRADES;
  abstract readonly reads: readonly PayloadColumn[];
  /** The processor's state in the module. */
  protected h = 0;
  private nameIds = new Int32Array(0);
  private readonly out = new StreamValues();
  protected streams: readonly StreamInfo[] = [];

  private readonly newFn: NumberFn;
  private readonly runFn: RunFn;

  /**
   * @param kind the prefix of the module's functions (`vwap`: `vwapNew`, `vwapRun`)
   * @param series the names of the processor's series, in the module's order (0, 1)
   * @param newArgs the arguments of `<kind>New` after the stream count (the processor's parameters)
   */
  constructor(
    readonly name: string,
    kind: string,
    private readonly series: readonly string[],
    private readonly newArgs: readonly number[],
    protected readonly kernels: TradeKernels,
  ) {
    const newName = `${kind}New`;
    const runName = `${kind}Run`;
    this.newFn = kernels.functions<Readonly<Record<string, NumberFn>>>([newName])[newName] as NumberFn;
    this.runFn = kernels.functions<Readonly<Record<string, RunFn>>>([runName])[runName] as RunFn;
  }

  /** Called once the state of `streamCount` streams is allocated (`h` is set): views of it. */
  protected created(_streamCount: number): void {
    return;
  }

  /** Throws the registry processor's error for event `i`, where the module stopped. */
  protected abstract reject(batch: EventBatch, i: number): void;

  /**
   * Publishes what the module noted for event `i` (`code` and `value` as the processor's
   * module defines them): its breaches. Only processors whose module notes anything override it.
   */
  protected onNotice(
    _batch: EventBatch,
    i: number,
    _code: number,
    _value: number,
    _ctx: ProcessorContext,
  ): void {
    throw new TickbenchError('internal', `${this.name}: an unexpected notice for event ${i} from the module`);
  }

  init(ctx: ProcessorContext): void {
    this.nameIds = Int32Array.from(this.series, (s) => ctx.nameId(s));
    this.streams = ctx.streams;
    const k = this.kernels;
    this.h = this.newFn(ctx.streamCount, ...this.newArgs);
    this.created(ctx.streamCount);
    this.out.last = k.f64At(k.fns.lastPtr(this.h), ctx.streamCount);
    this.out.count = k.f64At(k.fns.countPtr(this.h), ctx.streamCount);
  }

  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }

  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const k = this.kernels;
    const capture = !ctx.counting;
    let n = 0;
    let i = from;
    try {
      while (i < to) {
        const end = Math.min(to, i + k.maxRows);
        k.stage(batch, i, end, ctx.run.seq);
        const emitted = this.runFn(this.h, end - i, capture);
        if (capture) k.emitValues(ctx, batch, i, emitted, this.nameIds);
        else n += emitted;
        const notices = k.fns.notices();
        for (let j = 0; j < notices; j++) {
          const at = i + (k.noticeRow[j] as number);
          this.onNotice(batch, at, k.noticeCode[j] as number, k.noticeValue[j] as number, ctx);
        }
        const failed = k.fns.failed();
        if (failed >= 0) {
          i += failed;
          this.reject(batch, i);
          // The module refused an event the JavaScript accepts: a bug, never skipped silently.
          throw new TickbenchError(
            'internal',
            `${this.name}: the WebAssembly loop refused event ${i}, which the JavaScript processor accepts`,
          );
        }
        i = end;
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }

  snapshot(): SnapshotValue {
    return this.valueSnapshot();
  }

  /** The last value and count of values per stream, as the registry's `StreamValues` gives them. */
  protected valueSnapshot(): SnapshotValue {
    return this.out.snapshot(this.streams);
  }
}
