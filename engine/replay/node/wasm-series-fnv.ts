import type { ValueRun } from '../../bus/value-runs';
import { instantiateWasm, type WasmMemory, type WasmModule } from '../../core/node/wasm-api';
import { bundledWasmModule } from '../../lake/node/bundled-script';
import { JsFnvRows, type FnvRows, type SeriesKeys } from '../series-hash';

/*
 * The output hash's FNV steps in WebAssembly (wasm/series-fnv.as.ts, built into
 * dist/node/series-fnv.wasm): the same digest as `JsFnvRows`, with the 64-bit multiply native
 * (~8 ns per row with the call, against ~30 in JavaScript), and whole kernel runs hashed in one
 * call: the runs' columns are copied into the module's memory, which merges them in
 * publication order and looks the keys up itself. One instance per hasher: its state is the
 * instance's.
 */

/** The module's functions that answer a constant: its limits and its regions' addresses. */
const CONSTANTS = [
  'maxRuns',
  'maxRows',
  'runLenPtr',
  'runProcPtr',
  'runStartPtr',
  'evPtr',
  'tsPtr',
  'valuePtr',
  'streamPtr',
  'namePtr',
  'keyScratchPtr',
] as const;

/** The module's exports: plain functions (no `this`), called detached. */
type Exports = Readonly<Record<(typeof CONSTANTS)[number], () => number>> & {
  readonly reset: () => void;
  readonly row: (tsUs: number, keyLo: number, keyHi: number, value: number) => void;
  readonly high: () => number;
  readonly low: () => number;
  readonly configureKeys: (names: number, streams: number) => void;
  readonly hashRuns: (runs: number, from: number, to: number) => void;
  readonly memory: WasmMemory;
};

const EXPORTS = ['reset', 'row', 'high', 'low', 'configureKeys', 'hashRuns', ...CONSTANTS] as const;

/** {@link FnvRows} over an instance of the module (its exports called directly). */
export function wasmFnvRows(module: WasmModule): FnvRows {
  // The keys of the `runs` call under way, for the module's `keyOf`.
  let keys: SeriesKeys | undefined;
  let words = new Uint32Array(0);
  let scratch = 0;
  const keyOf = (processorIdx: number, streamId: number, nameIdx: number): void => {
    keys?.keyInto(processorIdx, streamId, nameIdx, words, scratch);
  };
  const fns = instantiateWasm(module, 'series-fnv.wasm', EXPORTS, {
    env: { keyOf },
  }) as unknown as Exports;
  // The module allocates nothing (static data only): its memory never grows, the views stay.
  const buffer = fns.memory.buffer;
  words = new Uint32Array(buffer);
  scratch = fns.keyScratchPtr() >>> 2;
  const i32 = new Int32Array(buffer);
  const f64 = new Float64Array(buffer);
  const u16 = new Uint16Array(buffer);
  const maxRuns = fns.maxRuns();
  const maxRows = fns.maxRows();
  const lenAt = fns.runLenPtr() >>> 2;
  const procAt = fns.runProcPtr() >>> 2;
  const startAt = fns.runStartPtr() >>> 2;
  const evAt = fns.evPtr() >>> 2;
  const tsAt = fns.tsPtr() >>> 3;
  const valueAt = fns.valuePtr() >>> 3;
  const streamAt = fns.streamPtr() >>> 1;
  const nameAt = fns.namePtr() >>> 1;
  const hashRuns = fns.hashRuns;
  let configured: SeriesKeys | undefined;
  let names = -1;
  let streams = -1;

  const runs = (list: readonly ValueRun[], from: number, to: number, source: SeriesKeys): boolean => {
    const k = list.length;
    if (k > maxRuns) return false;
    let total = 0;
    for (let r = 0; r < k; r++) total += (list[r] as ValueRun).length;
    if (total > maxRows) return false;
    if (source !== configured || source.nameCount !== names || source.streamCount !== streams) {
      // The module caches key hashes by (processor, name, stream): new keys, a new layout.
      configured = source;
      names = source.nameCount;
      streams = source.streamCount;
      fns.configureKeys(names, streams);
    }
    let at = 0;
    for (let r = 0; r < k; r++) {
      const run = list[r] as ValueRun;
      const n = run.length;
      i32[lenAt + r] = n;
      i32[procAt + r] = run.processorIdx;
      i32[startAt + r] = at;
      if (n === 0) continue;
      i32.set(run.ev.subarray(0, n), evAt + at);
      f64.set(run.ts.subarray(0, n), tsAt + at);
      f64.set(run.value.subarray(0, n), valueAt + at);
      u16.set(run.stream.subarray(0, n), streamAt + at);
      u16.set(run.name.subarray(0, n), nameAt + at);
      at += n;
    }
    keys = source;
    try {
      hashRuns(k, from, to);
    } finally {
      keys = undefined;
    }
    return true;
  };
  return { reset: fns.reset, row: fns.row, high: fns.high, low: fns.low, runs };
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
