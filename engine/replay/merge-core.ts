import type { EventBatch } from '../model/events';
import { LoserTree } from './loser-tree';
import { MergeArena, type MergeColumns } from './merge-arena';

/** What a merge core is built for: its inputs, their stream ids' remapping, the columns copied. */
export interface MergeCoreSpec {
  /** Number of inputs. */
  readonly inputs: number;
  /** Per input: its stream id → merged id. */
  readonly remap: readonly Int32Array[];
  readonly columns: MergeColumns;
  /** Rows per output batch. */
  readonly capacity: number;
}

/**
 * The synchronous part of a merge (`mergeSources` does the awaiting): the inputs' current
 * batches, the choice of the next rows and their copy into the output. Two implementations
 * choose the same rows in the same order: {@link jsMergeCore} (the reference) and the
 * WebAssembly one the reader thread uses (`replay/node/wasm-merge-core.ts`).
 */
export interface MergeCore {
  /** Input m's first batch (non-empty), or undefined when the input is empty; before `start`. */
  begin(m: number, batch: EventBatch | undefined): void;
  /** Plays the tournament once every input has begun. */
  start(): void;
  /** Whether every input has ended. */
  readonly done: boolean;
  /** Readies an output batch about to be filled from row 0. */
  prepare(out: EventBatch): void;
  /**
   * Chooses the next merged rows (from `out.length` on, which it raises) until `out` is full
   * (returns −1) or the batch of the winning input is used up (returns that input, which must
   * then get `refill` before the next `select`). Chosen rows are copied by `gather`.
   */
  select(out: EventBatch): number;
  /**
   * Copies the chosen rows not copied yet into `out`: before the output is handed on, and
   * before an input's batch is replaced (its source may reuse it).
   */
  gather(out: EventBatch): void;
  /** The input `select` returned goes on with its next batch (non-empty), or has ended. */
  refill(batch: EventBatch | undefined): void;
}

/** Builds the merge core of one merge (see {@link MergeCore}). */
export type MergeCoreFactory = (spec: MergeCoreSpec) => MergeCore;

/** The replay key of row i: receive time where the source has it, else exchange time (µs). */
export function replayKey(batch: EventBatch, i: number): number {
  const l = batch.localTsUs[i] as number;
  return l === l ? l : (batch.tsUs[i] as number);
}

/** The head key of row `i` for the tree: NaN (no time at all) sorts first, so it is never stuck. */
function headKey(batch: EventBatch, i: number): number {
  const k = replayKey(batch, i);
  return k === k ? k : -Infinity;
}

/**
 * The merge core in JavaScript, the reference: a tree of losers over the inputs' heads
 * (`loser-tree.ts`), the chosen rows noted as indexes into an arena of the inputs' current
 * batches (`merge-arena.ts`) and copied column by column.
 */
export const jsMergeCore: MergeCoreFactory = (spec) => {
  const k = spec.inputs;
  const pos = new Int32Array(k);
  const tree = new LoserTree(k);
  const arena = new MergeArena(k, spec.remap, spec.columns);
  // Output rows [gathered, out.length) are chosen but not yet copied: their arena rows.
  const idx = new Int32Array(spec.capacity);
  let gathered = 0;
  const load = (m: number, b: EventBatch | undefined): number => {
    arena.put(m, b);
    pos[m] = 0;
    return b === undefined ? Infinity : headKey(b, 0);
  };
  return {
    begin(m, batch) {
      const key = load(m, batch);
      if (batch === undefined) tree.end(m);
      else tree.set(m, key);
    },
    start: () => {
      tree.build();
    },
    get done() {
      return tree.done;
    },
    prepare(out) {
      arena.prepare(out);
      gathered = 0;
    },
    select: (out) => select(tree, arena.heads, pos, arena.slot, idx, out),
    gather(out) {
      arena.gather(idx, gathered, out.length, out);
      gathered = out.length;
    },
    refill(batch) {
      const key = load(tree.winner, batch);
      if (batch === undefined) tree.endWinner();
      else tree.replaceWinner(key);
    },
  };
};

/**
 * Chooses the next merged rows — their arena rows go to `idx[out.length..]` — until the output
 * batch is full (returns −1) or the batch of the winning input is used up (returns that input,
 * still the winner). Synchronous and allocation-free: the hot loop of a merge.
 *
 * A row is taken from the winner and its next row replayed. When the same input wins twice in
 * a row, its following rows are taken as a run while they sort before the runner-up's head
 * (strictly, or equally when the winner comes first in input order): inputs that interleave
 * row by row pay no runner-up search, long runs one per run.
 */
function select(
  tree: LoserTree,
  heads: readonly EventBatch[],
  pos: Int32Array,
  slot: number,
  idx: Int32Array,
  out: EventBatch,
): number {
  const capacity = idx.length;
  let j = out.length;
  let last = -1;
  while (j < capacity) {
    const best = tree.winner;
    const src = heads[best] as EventBatch;
    const n = src.length;
    const i = pos[best] as number;
    const lim = Math.min(n, i + (capacity - j));
    let e = i + 1;
    if (best === last && e < lim) {
      const second = tree.runnerUp();
      if (second < 0) e = lim;
      else {
        const bound = tree.key[second] as number;
        const orEqual = best < second;
        const lt = src.localTsUs;
        const ts = src.tsUs;
        for (; e < lim; e++) {
          const l = lt[e] as number;
          const key = l === l ? l : (ts[e] as number);
          if (key > bound || (key === bound && !orEqual)) break;
        }
      }
    }
    const base = best * slot;
    for (let r = i, o = j; r < e; r++, o++) idx[o] = base + r;
    j += e - i;
    pos[best] = e;
    if (e >= n) {
      out.length = j;
      return best;
    }
    tree.replaceWinner(headKey(src, e));
    last = best;
  }
  out.length = j;
  return -1;
}
