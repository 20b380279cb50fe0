import { TickbenchError } from '../../core/errors';
import { instantiateWasm, type WasmMemory, type WasmModule } from '../../core/node/wasm-api';
import { bundledWasmModule } from '../../lake/node/bundled-script';
import { EventKind, type EventBatch, type PayloadColumn } from '../../model/events';
import { rejectVwapTrade } from '../../signal/vwap';
import type { Processor } from '../processor';
import type { ProcessorContext } from '../processor-context';
import type { ProcessorImpls } from '../processor-registry';
import { TradeProcessorBase } from '../processors/trade-processor-base';

/*
 * Trade processors whose loops run in WebAssembly (wasm/trade-kernels.as.ts, built into
 * dist/node/trade-kernels.wasm): the registry's processors, the same output bit for bit, at
 * about half the cost per event. One module instance per kernel holds every such processor's
 * state; a kernel run's columns are copied into it once (the first of these processors to see
 * the run stages them, the others find them staged), then each processor's loop is one call.
 * Their JavaScript twins stay the reference: tests run both over the same events.
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
  'outValuePtr',
] as const;

type Exports = Readonly<Record<(typeof CONSTANTS)[number], () => number>> & {
  readonly memory: WasmMemory;
  readonly configure: (trade: number) => void;
  readonly failed: () => number;
  readonly lastPtr: (h: number) => number;
  readonly countPtr: (h: number) => number;
  readonly vwapNew: (streams: number, windowUs: number) => number;
  readonly vwapRun: (h: number, n: number, capture: boolean) => number;
  readonly vwapLastTs: (h: number, s: number) => number;
};

const EXPORTS = [
  ...CONSTANTS,
  'configure',
  'failed',
  'lastPtr',
  'countPtr',
  'vwapNew',
  'vwapRun',
  'vwapLastTs',
] as const;

/** One instance of the module: the staged run and the processors' state (one per kernel). */
export class TradeKernels {
  readonly fns: Exports;
  readonly maxRows: number;
  private readonly kind: Uint8Array;
  private readonly stream: Uint16Array;
  private readonly ts: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly outRow: Int32Array;
  private readonly outValue: Float64Array;
  /** The columns staged besides kind and stream (the union of the processors' needs). */
  private stageTs = false;
  private stageB = false;
  /** What is staged: the run (kernel run counter), its batch and range. */
  private stagedSeq = -1;
  private stagedBatch: EventBatch | undefined;
  private stagedFrom = -1;
  private stagedTo = -1;

  constructor(module: WasmModule) {
    this.fns = instantiateWasm(module, 'trade-kernels.wasm', EXPORTS, {
      // Called only where the heap cannot grow (past the module's 2 GiB).
      env: {
        abort: (): never => {
          throw new TickbenchError('internal', 'trade-kernels.wasm: out of memory (its limit is 2 GiB)');
        },
      },
    }) as unknown as Exports;
    const f = this.fns;
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
    this.outValue = new Float64Array(buffer, f.outValuePtr(), 2 * n);
  }

  /** A processor that needs these columns (besides kind, stream and prices) was created. */
  need(columns: { readonly ts?: boolean; readonly b?: boolean }): void {
    if (columns.ts === true) this.stageTs = true;
    if (columns.b === true) this.stageB = true;
  }

  /** A view of `length` doubles at `ptr` (a processor's per-stream arrays, allocated by the module). */
  f64At(ptr: number, length: number): Float64Array {
    return new Float64Array(this.fns.memory.buffer, ptr, length);
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

  /** Emits the `count` values the last call wrote (rows relative to `from`), in their order. */
  emitValues(ctx: ProcessorContext, batch: EventBatch, from: number, count: number, nameIdx: number): void {
    const rows = this.outRow;
    const values = this.outValue;
    const ts = batch.tsUs;
    const stream = batch.stream;
    for (let j = 0; j < count; j++) {
      const i = from + (rows[j] as number);
      ctx.emitAt(i, ts[i] as number, stream[i] as number, nameIdx, values[j] as number);
    }
  }
}

/** `vwap:Ws` (see `VwapProcessor`), its loop in WebAssembly. */
export class WasmVwapProcessor extends TradeProcessorBase implements Processor {
  override readonly reads: readonly PayloadColumn[] = ['a', 'b'];
  private h = 0;
  constructor(
    name: string,
    private readonly windowUs: number,
    private readonly kernels: TradeKernels,
  ) {
    super(name, 'vwap');
    kernels.need({ ts: true, b: true });
  }
  override init(ctx: ProcessorContext): void {
    super.init(ctx);
    const k = this.kernels;
    const streams = ctx.streamCount;
    this.h = k.fns.vwapNew(streams, this.windowUs);
    // The snapshot's values are the module's (it records them as it emits).
    this.out.last = k.f64At(k.fns.lastPtr(this.h), streams);
    this.out.count = k.f64At(k.fns.countPtr(this.h), streams);
  }
  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const k = this.kernels;
    const fns = k.fns;
    const capture = !ctx.counting;
    let n = 0;
    let i = from;
    try {
      while (i < to) {
        const end = Math.min(to, i + k.maxRows);
        k.stage(batch, i, end, ctx.run.seq);
        const emitted = fns.vwapRun(this.h, end - i, capture);
        if (capture) k.emitValues(ctx, batch, i, emitted, this.nameIdx);
        else n += emitted;
        const failed = fns.failed();
        if (failed >= 0) {
          i += failed;
          const s = batch.stream[i] as number;
          rejectVwapTrade(
            batch.tsUs[i] as number,
            batch.a[i] as number,
            batch.b[i] as number,
            fns.vwapLastTs(this.h, s),
          );
          throw disagreement(this.name, i);
        }
        i = end;
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }
}

/** The module stopped at an event its JavaScript twin accepts: a bug, never silently skipped. */
function disagreement(label: string, i: number): TickbenchError {
  return new TickbenchError(
    'internal',
    `${label}: the WebAssembly loop refused event ${i}, which the JavaScript processor accepts`,
  );
}

/**
 * The WebAssembly processors of one kernel over `module` (see {@link ProcessorImpls}): the
 * module is instantiated when the first of them is created.
 */
export function wasmProcessorImpls(module: WasmModule): ProcessorImpls {
  let kernels: TradeKernels | undefined;
  const instance = (): TradeKernels => (kernels ??= new TradeKernels(module));
  return (key, label, param) => {
    switch (key) {
      case 'vwap':
        return new WasmVwapProcessor(label, param, instance());
      default:
        return undefined;
    }
  };
}

/**
 * The WebAssembly processors of one kernel, from the module bundled next to the running bundle;
 * undefined where there is none or `TICKBENCH_WASM_PROCESSORS=0` (the registry's then run).
 */
export function createProcessorImpls(): ProcessorImpls | undefined {
  const module = bundledWasmModule('trade-kernels.wasm', 'TICKBENCH_WASM_PROCESSORS');
  return module === undefined ? undefined : wasmProcessorImpls(module);
}
