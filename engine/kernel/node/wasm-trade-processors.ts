import type { WasmModule } from '../../core/node/wasm-api';
import type { BreakerState } from '../../risk/drawdown-breaker';
import type { ProcessorContext } from '../processor-context';
import type { SnapshotValue } from '../processor';
import { bundledWasmModule } from '../../lake/node/bundled-script';
import type { EventBatch, PayloadColumn } from '../../model/events';
import { Ema } from '../../signal/ema';
import { lossTailSize } from '../../risk/var';
import { requireFinite } from '../../signal/validate';
import { rejectVwapTrade } from '../../signal/vwap';
import type { ProcessorImpls } from '../processor-registry';
import { VAR_CONFIDENCE } from '../processors/risk-processors';
import { TradeKernels, WasmTradeProcessor } from './trade-kernels';

/*
 * The trade processors whose loops run in WebAssembly (see trade-kernels.ts): the registry's
 * processors, the same output bit for bit, at a fraction of the cost per event. Their
 * JavaScript twins stay the reference: tests run both over the same events.
 */

interface VwapExports {
  readonly vwapLastTs: (h: number, s: number) => number;
}

/** `vwap:Ws` (see `VwapProcessor`). */
export class WasmVwapProcessor extends WasmTradeProcessor {
  readonly reads: readonly PayloadColumn[] = ['a', 'b'];
  private readonly fns: VwapExports;
  constructor(name: string, windowUs: number, kernels: TradeKernels) {
    super(name, 'vwap', ['vwap'], [windowUs], kernels);
    this.fns = kernels.functions<VwapExports>(['vwapLastTs']);
    kernels.need({ ts: true, b: true });
  }
  protected reject(batch: EventBatch, i: number): void {
    const lastTsUs = this.fns.vwapLastTs(this.h, batch.stream[i] as number);
    rejectVwapTrade(batch.tsUs[i] as number, batch.a[i] as number, batch.b[i] as number, lastTsUs);
  }
}

/**
 * A processor over trade prices alone whose only error is a price that is not finite:
 * `ema:N`, `rsi:N`, `zscore:N` (see `EmaProcessor`, `RsiProcessor`, `ZScoreProcessor`).
 */
export class WasmPriceProcessor extends WasmTradeProcessor {
  readonly reads: readonly PayloadColumn[] = ['a'];
  /**
   * @param kind the module's functions are `<kind>New(streams, param)` and `<kind>Run`
   * @param param the module's parameter (ema: α; rsi, zscore: N)
   * @param priceArg the argument name of the registry's error for a price that is not finite
   */
  constructor(
    name: string,
    kind: 'ema' | 'rsi' | 'zscore',
    param: number,
    private readonly priceArg: string,
    kernels: TradeKernels,
  ) {
    super(name, kind, [kind], [param], kernels);
  }
  protected reject(batch: EventBatch, i: number): void {
    requireFinite(this.priceArg, batch.a[i] as number);
  }
}

interface DrawdownExports {
  readonly drawdownStatesPtr: (h: number) => number;
  readonly drawdownSeenPtr: (h: number) => number;
}

/** Breaker states by the module's code. */
const BREAKER_STATES: readonly BreakerState[] = ['ACTIVE', 'REDUCING', 'HALTED'];

/** `drawdown:H` (see `DrawdownProcessor`): breaches are the module's notices (code: the new state). */
export class WasmDrawdownProcessor extends WasmTradeProcessor {
  readonly reads: readonly PayloadColumn[] = ['a'];
  private readonly fns: DrawdownExports;
  private states: Uint8Array = new Uint8Array(0);
  private seen: Uint8Array = new Uint8Array(0);
  constructor(
    name: string,
    private readonly haltAtPct: number,
    kernels: TradeKernels,
  ) {
    super(name, 'drawdown', ['drawdown'], [haltAtPct], kernels);
    this.fns = kernels.functions<DrawdownExports>(['drawdownStatesPtr', 'drawdownSeenPtr']);
    kernels.need({ ts: true });
  }
  protected override created(streamCount: number): void {
    this.states = this.kernels.u8At(this.fns.drawdownStatesPtr(this.h), streamCount);
    this.seen = this.kernels.u8At(this.fns.drawdownSeenPtr(this.h), streamCount);
  }
  protected reject(batch: EventBatch, i: number): void {
    requireFinite('equity', batch.a[i] as number);
    requireFinite('tsUs', batch.tsUs[i] as number);
  }
  protected override onNotice(
    batch: EventBatch,
    i: number,
    code: number,
    dd: number,
    ctx: ProcessorContext,
  ): void {
    const state = BREAKER_STATES[code] ?? 'HALTED';
    const limit = state === 'HALTED' ? this.haltAtPct : this.haltAtPct / 2;
    const s = batch.stream[i] as number;
    ctx.breachAt(i, batch.tsUs[i] as number, s, `drawdown:${state}`, dd, limit);
  }
  override snapshot(): SnapshotValue {
    const states: Record<string, SnapshotValue> = {};
    for (const st of this.streams) {
      if (this.seen[st.id] === 1)
        states[`${st.venue}:${st.symbol}`] = BREAKER_STATES[this.states[st.id] ?? 0] ?? 'ACTIVE';
    }
    return { drawdownPct: this.valueSnapshot(), state: states };
  }
}

/**
 * `limit:X` (see `LimitProcessor`): a breach is the module's notice (value: the notional), on
 * the move into a breach.
 */
export class WasmLimitProcessor extends WasmTradeProcessor {
  readonly reads: readonly PayloadColumn[] = ['a'];
  constructor(
    name: string,
    private readonly maxNotional: number,
    kernels: TradeKernels,
  ) {
    super(name, 'limit', ['utilization'], [maxNotional], kernels);
  }
  /** The module refuses no price. */
  protected reject(): void {
    return;
  }
  protected override onNotice(
    batch: EventBatch,
    i: number,
    _code: number,
    notional: number,
    ctx: ProcessorContext,
  ): void {
    const s = batch.stream[i] as number;
    ctx.breachAt(i, batch.tsUs[i] as number, s, 'limit:position-notional', notional, this.maxNotional);
  }
  override snapshot(): SnapshotValue {
    return { utilization: this.valueSnapshot(), maxNotional: this.maxNotional };
  }
}

interface VarExports {
  readonly varLastReturn: () => number;
}

/**
 * Longest `var` window run in WebAssembly: a stream's window takes ~9.3 bytes a return (value,
 * flag, and the ordered top of ~2 % of them), all streams' in the module's 2 GiB: ~200 streams
 * at this length. Longer windows are left to the registry's processor.
 */
const MAX_WASM_VAR_WINDOW = 1 << 20;

/** `var:N` (see `VarProcessor`). */
export class WasmVarProcessor extends WasmTradeProcessor {
  readonly reads: readonly PayloadColumn[] = ['a'];
  private readonly fns: VarExports;
  /** @param n the window, in returns; the module's `varNew` also takes `lossTail`'s m */
  constructor(name: string, n: number, kernels: TradeKernels) {
    super(name, 'var', ['var', 'es'], [n, lossTailSize(n, VAR_CONFIDENCE)], kernels);
    this.fns = kernels.functions<VarExports>(['varLastReturn']);
  }
  protected reject(): void {
    // The module keeps the return it refused: the stream's previous price is replaced already.
    requireFinite('returnValue', this.fns.varLastReturn());
  }
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
      case 'ema':
        return new WasmPriceProcessor(label, 'ema', new Ema(param).alpha, 'x', instance());
      case 'rsi':
        return new WasmPriceProcessor(label, 'rsi', param, 'price', instance());
      case 'zscore':
        return new WasmPriceProcessor(label, 'zscore', param, 'x', instance());
      case 'drawdown':
        return new WasmDrawdownProcessor(label, param, instance());
      case 'limit':
        return new WasmLimitProcessor(label, param, instance());
      case 'var':
        return param <= MAX_WASM_VAR_WINDOW ? new WasmVarProcessor(label, param, instance()) : undefined;
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
