import { instantiateWasm, type WasmModule } from '../../core/node/wasm-api';
import { bundledWasmModule } from '../../lake/node/bundled-script';
import { JsFnvRows, type FnvRows } from '../series-hash';

/*
 * The output hash's FNV steps in WebAssembly (wasm/series-fnv.as.ts, built into
 * dist/node/series-fnv.wasm): the same digest as `JsFnvRows`, with the 64-bit multiply native
 * (~8 ns per row with the call, against ~30 in JavaScript). One instance per hasher: its state
 * is the instance's.
 */

/** The module's exports: plain functions (no `this`), called detached. */
interface Exports {
  readonly reset: () => void;
  readonly row: (tsUs: number, keyLo: number, keyHi: number, value: number) => void;
  readonly high: () => number;
  readonly low: () => number;
}

const EXPORTS = ['reset', 'row', 'high', 'low'] as const;

/** {@link FnvRows} over an instance of the module (its exports called directly). */
export function wasmFnvRows(module: WasmModule): FnvRows {
  const fns = instantiateWasm(module, 'series-fnv.wasm', EXPORTS) as unknown as Exports;
  // The exported functions themselves, not wrappers: `row` is called once per value.
  return { reset: fns.reset, row: fns.row, high: fns.high, low: fns.low };
}

/**
 * The compiled module from `series-fnv.wasm` next to the running bundle; undefined where there is
 * none (sources run by a test runner, the CommonJS Electron bundle) or where
 * `TICKBENCH_WASM_HASH=0` turns it off (to compare the two).
 */
export function seriesFnvModule(): WasmModule | undefined {
  return bundledWasmModule('series-fnv.wasm', 'TICKBENCH_WASM_HASH');
}

/** The WebAssembly FNV steps where the module is at hand, else the JavaScript ones (same digest). */
export function createFnvRows(module: WasmModule | undefined = seriesFnvModule()): FnvRows {
  return module === undefined ? new JsFnvRows() : wasmFnvRows(module);
}
