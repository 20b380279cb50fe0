import { TickbenchError } from '../../core/errors';
import { bundledWasmModule } from '../../lake/node/bundled-script';
import { instantiateWasm, type WasmModule } from '../../core/node/wasm-api';
import type { WasmHeap } from '../../core/node/wasm-heap';
import { eventBatchBytes, eventBatchOver } from '../../model/batch-layout';
import type { EventBatch } from '../../model/events';
import { MergeArena } from '../merge-arena';
import type { MergeCore, MergeCoreFactory } from '../merge-core';

const FILE = 'merge.wasm';

interface MergeExports {
  setup(
    inputs: number,
    key: number,
    rank: number,
    loser: number,
    len: number,
    pos: number,
    idx: number,
    cap: number,
  ): void;
  arena(rowsPerInput: number, ts: number, local: number): void;
  begin(m: number, length: number): void;
  end(m: number): void;
  build(): void;
  done(): number;
  refill(length: number): void;
  endWinner(): void;
  select(from: number): number;
  length(): number;
  gather64(dst: number, src: number, from: number, to: number): void;
  gather16(dst: number, src: number, from: number, to: number): void;
  gather8(dst: number, src: number, from: number, to: number): void;
}

const FUNCTIONS: readonly (keyof MergeExports)[] = [
  'setup',
  'arena',
  'begin',
  'end',
  'build',
  'done',
  'refill',
  'endWinner',
  'select',
  'length',
  'gather64',
  'gather16',
  'gather8',
];

/** The merge module next to the bundle (`dist/node/merge.wasm`); `TICKBENCH_WASM_MERGE=0` turns it off. */
export function bundledMergeModule(): WasmModule | undefined {
  return bundledWasmModule(FILE, 'TICKBENCH_WASM_MERGE');
}

/** Input batches up to this length fit the arena as first laid out (a DuckDB chunk and a held-back book row). */
const FIRST_SLOT = 2049;

/**
 * The merge core in WebAssembly (`wasm/merge.as.ts`): the same rows in the same order as
 * `jsMergeCore`, the tree of losers, the choice of rows and the gather running in the module.
 * The arena (the inputs' current batches, `MergeArena`) and the tree live on `heap`, in the
 * module's imported memory, and so must every output batch: `outputs` lists them (views over
 * that memory, e.g. the reader thread's slots); a merge into any other batch is refused.
 */
export function wasmMergeCore(
  module: WasmModule,
  heap: WasmHeap,
  outputs: readonly EventBatch[],
): MergeCoreFactory {
  const allowed = new Set(outputs);
  return (spec) => {
    const x = instantiateWasm(module, FILE, FUNCTIONS, {
      env: { memory: heap.memory },
    }) as unknown as MergeExports;
    const k = spec.inputs;
    let leaves = 1;
    while (leaves < k) leaves *= 2;
    const i32s = (n: number): number => heap.alloc(4 * n);
    const key = heap.alloc(8 * leaves);
    const rank = i32s(leaves);
    const loser = i32s(leaves);
    const len = i32s(k);
    const pos = i32s(k);
    // The tournament's first play uses the idx area as scratch (2 · leaves entries).
    const idx = i32s(Math.max(spec.capacity, 2 * leaves));
    x.setup(k, key, rank, loser, len, pos, idx, spec.capacity);
    const arena = new MergeArena(k, spec.remap, spec.columns, (rows) => {
      const at = heap.alloc(eventBatchBytes(rows));
      return eventBatchOver(heap.buffer, rows, at);
    });
    let rows = arena.rows;
    /** Copies input m's batch into the arena (tells the module when the arena moved). */
    const load = (m: number, b: EventBatch | undefined): void => {
      arena.put(m, b, FIRST_SLOT);
      if (arena.rows !== rows) {
        rows = arena.rows;
        x.arena(arena.slot, rows.tsUs.byteOffset, rows.localTsUs.byteOffset);
      }
    };
    let winner = -1;
    let gathered = 0;
    const copy = (out: EventBatch): void => {
      const from = gathered;
      const to = out.length;
      if (to <= from) return;
      for (const c of arena.f64) x.gather64(out[c].byteOffset, rows[c].byteOffset, from, to);
      for (const c of arena.u8) x.gather8(out[c].byteOffset, rows[c].byteOffset, from, to);
      x.gather16(out.stream.byteOffset, rows.stream.byteOffset, from, to);
      gathered = to;
    };
    const core: MergeCore = {
      begin(m, batch) {
        load(m, batch);
        if (batch === undefined) x.end(m);
        else x.begin(m, batch.length);
      },
      start: () => {
        x.build();
      },
      get done() {
        return x.done() !== 0;
      },
      prepare(out) {
        if (!allowed.has(out))
          throw new TickbenchError(
            'internal',
            'the WebAssembly merge writes only into its own memory’s batches',
          );
        arena.prepare(out);
        gathered = 0;
      },
      select(out) {
        winner = x.select(out.length);
        const n = x.length();
        // A module that overran the batch would make the merge loop forever: fail instead.
        if (n > spec.capacity)
          throw new TickbenchError(
            'internal',
            `WebAssembly merge chose ${n} rows for a batch of ${spec.capacity}`,
          );
        out.length = n;
        return winner;
      },
      gather: copy,
      refill(batch) {
        load(winner, batch);
        if (batch === undefined) x.endWinner();
        else x.refill(batch.length);
      },
    };
    return core;
  };
}
