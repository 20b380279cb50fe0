// The replay merge's hot loop in WebAssembly (engine/replay/node/wasm-merge-core.ts wraps it):
// the tree of losers over the inputs' heads (engine/replay/loser-tree.ts), the choice of the
// next merged rows with runs (`select` in engine/replay/merge.ts) and the gather of the chosen
// rows column by column — the same choices, row for row, as the JavaScript merge, which stays
// the reference (tests require the same batches from both). Every address is given by the
// wrapper: the memory is imported, shared with the kernel's thread, which reads the merged
// batches where `gather` writes them (the reader thread's slots). Nothing here allocates, and
// the module has no static data (its memory's first page is left to it all the same).
// Built by build/build-node.mjs into dist/node/merge.wasm.

// The tree (see LoserTree): leaf count, per input its head key and tie rank, per node its loser.
let leaves: i32 = 1;
let keyP: usize = 0; // f64 × leaves
let rankP: usize = 0; // i32 × leaves
let loserP: usize = 0; // i32 × leaves
let winner: i32 = 0;
// Per input: its current batch's length and the next row to take (arena rows m · slot + i).
let lenP: usize = 0; // i32 × inputs
let posP: usize = 0; // i32 × inputs
// The arena's time columns (f64, input m's rows from m · slot) and the chosen rows' arena
// indexes, one per output row.
let slot: i32 = 0;
let tsP: usize = 0;
let localP: usize = 0;
let idxP: usize = 0;
let capacity: i32 = 0;

/** Where the tree and the inputs' positions live, and the output batches' capacity. */
export function setup(
  inputs: i32,
  key: usize,
  rank: usize,
  loser: usize,
  len: usize,
  pos: usize,
  idx: usize,
  cap: i32,
): void {
  let n: i32 = 1;
  while (n < inputs) n <<= 1;
  leaves = n;
  keyP = key;
  rankP = rank;
  loserP = loser;
  lenP = len;
  posP = pos;
  idxP = idx;
  capacity = cap;
  for (let m: i32 = 0; m < n; m++) {
    store<f64>(keyP + (<usize>m << 3), Infinity);
    store<i32>(rankP + (<usize>m << 2), m < inputs ? m : m + n);
  }
}

/** Where the arena's time columns are (again after the wrapper moved it to a bigger one). */
export function arena(rowsPerInput: i32, ts: usize, local: usize): void {
  slot = rowsPerInput;
  tsP = ts;
  localP = local;
}

@inline
function keyAt(m: i32): f64 {
  return load<f64>(keyP + (<usize>m << 3));
}
@inline
function rankAt(m: i32): i32 {
  return load<i32>(rankP + (<usize>m << 2));
}
@inline
function loserAt(n: i32): i32 {
  return load<i32>(loserP + (<usize>n << 2));
}
@inline
function lenAt(m: i32): i32 {
  return load<i32>(lenP + (<usize>m << 2));
}
@inline
function posAt(m: i32): i32 {
  return load<i32>(posP + (<usize>m << 2));
}

/** The replay key of arena row r: receive time where present, else exchange time. */
@inline
function replayKey(r: i32): f64 {
  const l = load<f64>(localP + (<usize>r << 3));
  return l == l ? l : load<f64>(tsP + (<usize>r << 3));
}

/** Input m's key for the tree at row i of its batch: no time at all sorts first. */
export function headKey(m: i32, i: i32): f64 {
  const k = replayKey(m * slot + i);
  return k == k ? k : -Infinity;
}

/** Sets input m's head (its batch of `length` rows, from row 0; before `build`). */
export function begin(m: i32, length: i32): void {
  store<i32>(lenP + (<usize>m << 2), length);
  store<i32>(posP + (<usize>m << 2), 0);
  store<f64>(keyP + (<usize>m << 3), headKey(m, 0));
}

/** Marks input m ended (before `build`). */
export function end(m: i32): void {
  store<f64>(keyP + (<usize>m << 3), Infinity);
  store<i32>(rankP + (<usize>m << 2), m + leaves);
}

@inline
function before(a: i32, b: i32): bool {
  const ka = keyAt(a);
  const kb = keyAt(b);
  return ka < kb || (ka == kb && rankAt(a) < rankAt(b));
}

/** Plays the whole tournament, using the idx area as scratch (2 · leaves i32 fit in it). */
export function build(): void {
  const win = idxP;
  for (let m: i32 = 0; m < leaves; m++) store<i32>(win + (<usize>(leaves + m) << 2), m);
  for (let n: i32 = leaves - 1; n >= 1; n--) {
    const a = load<i32>(win + (<usize>(2 * n) << 2));
    const b = load<i32>(win + (<usize>(2 * n + 1) << 2));
    const aWins = before(a, b);
    store<i32>(win + (<usize>n << 2), aWins ? a : b);
    store<i32>(loserP + (<usize>n << 2), aWins ? b : a);
  }
  winner = load<i32>(win + 4);
}

/** Whether every input has ended. */
export function done(): bool {
  return rankAt(winner) >= leaves;
}

/** Sets the winner's head key and replays its path to the root. */
function replaceWinner(key: f64): void {
  let w = winner;
  store<f64>(keyP + (<usize>w << 3), key);
  let r = rankAt(w);
  for (let n = (leaves + w) >> 1; n >= 1; n >>= 1) {
    const l = loserAt(n);
    const kl = keyAt(l);
    if (kl < key || (kl == key && rankAt(l) < r)) {
      store<i32>(loserP + (<usize>n << 2), w);
      w = l;
      key = kl;
      r = rankAt(l);
    }
  }
  winner = w;
}

/** The winner (an input whose batch ran out) got a new batch of `length` rows. */
export function refill(length: i32): void {
  store<i32>(lenP + (<usize>winner << 2), length);
  store<i32>(posP + (<usize>winner << 2), 0);
  replaceWinner(headKey(winner, 0));
}

/** The winner (an input whose batch ran out) has ended. */
export function endWinner(): void {
  store<i32>(rankP + (<usize>winner << 2), winner + leaves);
  replaceWinner(Infinity);
}

/** The best of the losers on the winner's path; −1 when no other input is live. */
function runnerUp(): i32 {
  let best: i32 = -1;
  let bk: f64 = Infinity;
  let br: i32 = 2 * leaves;
  for (let n = (leaves + winner) >> 1; n >= 1; n >>= 1) {
    const l = loserAt(n);
    const kl = keyAt(l);
    const rl = rankAt(l);
    if (kl < bk || (kl == bk && rl < br)) {
      best = l;
      bk = kl;
      br = rl;
    }
  }
  return br >= leaves ? -1 : best;
}

let outLength: i32 = 0;

/** The output batch's length after the last `select`. */
export function length(): i32 {
  return outLength;
}

/**
 * Chooses the next merged rows from output row `from` on (their arena rows into idx) until the
 * output is full (returns −1) or the winner's batch is used up (returns the winner, which stays
 * the winner until `refill` or `endWinner`). As `select` in engine/replay/merge.ts: when the same
 * input wins twice in a row, its following rows go as a run while they sort before the
 * runner-up's head (strictly, or equally when the winner comes first in input order).
 */
export function select(from: i32): i32 {
  let j = from;
  let last: i32 = -1;
  while (j < capacity) {
    const best = winner;
    const n = lenAt(best);
    const i = posAt(best);
    const lim = min(n, i + (capacity - j));
    const base = best * slot;
    let e = i + 1;
    if (best == last && e < lim) {
      const second = runnerUp();
      if (second < 0) e = lim;
      else {
        const bound = keyAt(second);
        const orEqual = best < second;
        for (; e < lim; e++) {
          const key = replayKey(base + e);
          if (key > bound || (key == bound && !orEqual)) break;
        }
      }
    }
    for (let r = i, o = j; r < e; r++, o++) store<i32>(idxP + (<usize>o << 2), base + r);
    j += e - i;
    store<i32>(posP + (<usize>best << 2), e);
    if (e >= n) {
      outLength = j;
      return best;
    }
    replaceWinner(headKey(best, e));
    last = best;
  }
  outLength = j;
  return -1;
}

// Rows [from, to) of an output column := the arena rows idx[from..to) of a source column.
export function gather64(dst: usize, src: usize, from: i32, to: i32): void {
  for (let j = from; j < to; j++) {
    const r = load<i32>(idxP + (<usize>j << 2));
    store<f64>(dst + (<usize>j << 3), load<f64>(src + (<usize>r << 3)));
  }
}
export function gather16(dst: usize, src: usize, from: i32, to: i32): void {
  for (let j = from; j < to; j++) {
    const r = load<i32>(idxP + (<usize>j << 2));
    store<u16>(dst + (<usize>j << 1), load<u16>(src + (<usize>r << 1)));
  }
}
export function gather8(dst: usize, src: usize, from: i32, to: i32): void {
  for (let j = from; j < to; j++) {
    const r = load<i32>(idxP + (<usize>j << 2));
    store<u8>(dst + <usize>j, load<u8>(src + <usize>r));
  }
}
