import {
  instantiateWasm,
  wasmApi as wasm,
  type WasmMemory,
  type WasmModule,
} from '../../../core/node/wasm-api';
import { bundledWasmModule } from '../bundled-script';
import { BlockScanner, blockArrays, SIDE_OUT, type BlockPlan, type ParsedBlock } from './block-scan';
import { NUM, OPT_NUM, OPT_TS, SKIP, TS } from './fused-scan';

export type { WasmModule };

/*
 * The JavaScript side of the WebAssembly block scanner (wasm/block-scan.as.ts, built into
 * dist/node/block-scan.wasm): the same `scan(buf, reuse)` as `BlockScanner`, the same results,
 * ~2.5× faster. The block is copied into the module's memory (~0.1 ns per byte), scanned
 * there, and the line arrays copied out into the (reused) block arrays.
 */

/** What both block scanners do. */
export interface BlockScan {
  scan(buf: Uint8Array, reuse?: ParsedBlock): ParsedBlock;
}

interface Exports {
  readonly memory: WasmMemory;
  planPtr(): number;
  pickPtr(): number;
  unitCodesPtr(): number;
  arenaPtr(): number;
  keyOffsetPtr(): number;
  keyVenueLengthPtr(): number;
  keyLengthPtr(): number;
  heapBase(): number;
  streams(): number;
  stopped(): number;
  configure(n: number, k: number, venue: number, symbol: number, side: number): void;
  beginBlock(): void;
  scan(
    input: number,
    len: number,
    from: number,
    maxLines: number,
    starts: number,
    ends: number,
    status: number,
    streamIds: number,
    values: number,
  ): number;
}

const EXPORTS = [
  'planPtr',
  'pickPtr',
  'unitCodesPtr',
  'arenaPtr',
  'keyOffsetPtr',
  'keyVenueLengthPtr',
  'keyLengthPtr',
  'heapBase',
  'streams',
  'stopped',
  'configure',
  'beginBlock',
  'scan',
] as const;

/** Most columns the module's plan holds. */
const MAX_COLS = 64;
/** Bytes readable past a block's end (the module loads 64 bytes at a time). */
const PAD = 96;
const PAGE = 65_536;

/** A scanner of blocks in WebAssembly (one per thread and file; not thread-safe). */
export class WasmBlockScanner implements BlockScan {
  private readonly x: Exports;
  private readonly stride: number;
  private readonly columns: number;

  constructor(plan: BlockPlan, module: WasmModule) {
    this.x = exportsOf(instantiateWasm(module, 'block-scan.wasm', EXPORTS));
    this.columns = plan.plan.length;
    this.stride = plan.out.length;
    if (this.columns > MAX_COLS || this.columns === 0)
      throw new RangeError(`block plan: ${this.columns} columns, allowed 1..${MAX_COLS}`);
    // Each value goes to its place in the row as it is parsed: a column is staged at most once,
    // and only a number, a timestamp or the side is staged.
    if (new Set(plan.out).size !== plan.out.length)
      throw new RangeError(`block plan: a column is staged twice (${plan.out.join(', ')})`);
    for (const c of plan.out) {
      const action = plan.plan[c] ?? SKIP;
      if (c !== SIDE_OUT && action !== NUM && action !== OPT_NUM && action !== TS && action !== OPT_TS)
        throw new RangeError(
          `block plan: column ${c} is staged but not parsed as a number (action ${action})`,
        );
    }
    const x = this.x;
    new Uint8Array(x.memory.buffer, x.planPtr(), this.columns).set(plan.plan);
    new Int32Array(x.memory.buffer, x.pickPtr(), this.stride).set(
      plan.out.map((c) => (c === SIDE_OUT ? this.columns : c)),
    );
    x.configure(this.columns, this.stride, plan.venueCol, plan.symbolCol, plan.sideCol);
  }

  /**
   * `BlockScanner.scan`'s lines, with the same values, streams and units for every line marked
   * plain; a few lines it may leave to the general path (see block-scan.as.ts).
   */
  scan(buf: Uint8Array, reuse?: ParsedBlock): ParsedBlock {
    const x = this.x;
    const stride = this.stride;
    const len = buf.length;
    // The module's memory: the block, then per-line arrays for up to `maxLines` lines a call.
    const maxLines = (len >> 5) + 16;
    const input = align(x.heapBase(), 16);
    const starts = align(input + len + PAD, 8);
    const ends = starts + 4 * maxLines;
    const status = ends + 4 * maxLines;
    const streamIds = status + maxLines;
    const values = align(streamIds + maxLines, 8);
    const top = values + 8 * stride * maxLines;
    // Grown only for a block beyond the module's initial 16 MiB (never with the default block
    // size): growing detaches the old buffer, which slows every typed-array access of this
    // thread's optimized code from then on (V8 then checks for detached buffers).
    if (top > x.memory.buffer.byteLength) x.memory.grow(Math.ceil((top - x.memory.buffer.byteLength) / PAGE));
    const mem = new Uint8Array(x.memory.buffer);
    mem.set(buf, input);
    mem.fill(0, input + len, input + len + PAD);
    x.beginBlock();
    const out = blockArrays(reuse, maxLines, stride);
    let n = 0;
    let from = 0;
    while (from < len) {
      const k = x.scan(input, len, from, maxLines, starts, ends, status, streamIds, values);
      out.ensure(n + k);
      out.starts.set(new Int32Array(x.memory.buffer, starts, k), n);
      out.ends.set(new Int32Array(x.memory.buffer, ends, k), n);
      out.status.set(mem.subarray(status, status + k), n);
      out.streams.set(mem.subarray(streamIds, streamIds + k), n);
      out.values.set(new Float64Array(x.memory.buffer, values, k * stride), n * stride);
      n += k;
      from = x.stopped();
    }
    const venues: string[] = [];
    const symbols: string[] = [];
    const text = Buffer.from(x.memory.buffer);
    const count = x.streams();
    const offsets = new Int32Array(x.memory.buffer, x.keyOffsetPtr(), count);
    const venueLengths = new Int32Array(x.memory.buffer, x.keyVenueLengthPtr(), count);
    const lengths = new Int32Array(x.memory.buffer, x.keyLengthPtr(), count);
    const arena = x.arenaPtr();
    for (let s = 0; s < count; s++) {
      const at = arena + (offsets[s] ?? 0);
      const split = at + (venueLengths[s] ?? 0);
      venues.push(text.toString('latin1', at, split));
      symbols.push(text.toString('latin1', split, at + (lengths[s] ?? 0)));
    }
    return {
      ...out.block(n),
      venues,
      symbols,
      units: Int8Array.from(new Int8Array(x.memory.buffer, x.unitCodesPtr(), this.columns)),
    };
  }
}

function align(p: number, to: number): number {
  return Math.ceil(p / to) * to;
}

/** The exports, once their memory is checked too (the functions are, by `instantiateWasm`). */
function exportsOf(e: Record<string, unknown>): Exports {
  if (!(e['memory'] instanceof wasm.Memory)) throw new TypeError('block-scan.wasm: no memory export');
  return e as unknown as Exports;
}

/**
 * The compiled scanner module from `block-scan.wasm` next to the running bundle, or undefined
 * where there is none (sources run by a test runner, the CommonJS Electron bundle) or where
 * `TICKBENCH_WASM_SCAN=0` turns it off (to compare the two scanners).
 */
export function blockScanModule(): WasmModule | undefined {
  return bundledWasmModule('block-scan.wasm', 'TICKBENCH_WASM_SCAN');
}

/**
 * The WebAssembly scanner where its module is at hand, else the JavaScript one (same results).
 * @param module the module to use; by default `blockScanModule()`; null: the JavaScript scanner
 */
export function createBlockScanner(
  plan: BlockPlan,
  module: WasmModule | null | undefined = blockScanModule(),
): BlockScan {
  return module === null || module === undefined
    ? new BlockScanner(plan)
    : new WasmBlockScanner(plan, module);
}
