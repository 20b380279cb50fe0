// `zscore:N`: ZScoreProcessor's loop (engine/kernel/processors/trade-signal-processors.ts) over
// RollingZScore / RollingMoments (engine/signal/zscore.ts, rolling-moments.ts), per stream.

import { begin, emitOne, fail, isTrade, newHandle, priceAt, streamAt, zeroed } from './staging.as';

/** rolling-moments.ts NOISE_REL. */
const NOISE_REL: f64 = 1e-12;

// Handle: 0, 4 StreamValues (staging.as.ts), 8 N, 12 states. Per stream: 0 Σd, 8 its
// compensation, 16 Σd², 24 its compensation, 32 shift, 40 value of the trailing run of equal
// values (RollingMoments.st), 48 window address (N doubles), 52 head, 56 count, 60 pushes since
// rebuild, 64 run length.
const ZSCORE_STATE: usize = 72;

export function zscoreNew(streams: i32, n: i32): usize {
  const h = newHandle(16, streams);
  store<i32>(h, n, 8);
  const states = zeroed(<usize>streams * ZSCORE_STATE);
  for (let s = 0; s < streams; s++) {
    const st = states + <usize>s * ZSCORE_STATE;
    store<f64>(st, NaN, 32);
    store<f64>(st, NaN, 40);
    store<u32>(st, <u32>zeroed(<usize>n << 3), 48);
  }
  store<u32>(h, <u32>states, 12);
  return h;
}

/** Knuth's TwoSum error of t = fl(a + b) (rolling-moments.ts twoSumError). */
@inline
function twoSumError(a: f64, b: f64, t: f64): f64 {
  const p = t - a;
  return a - (t - p) + (b - p);
}

/** compensated-sum.ts neumaierError. */
@inline
function neumaierError(a: f64, b: f64, t: f64): f64 {
  return Math.abs(a) >= Math.abs(b) ? a - t + b : b - t + a;
}

/** Stops at a price that is not finite (`requireFinite('x', x)` throws there), state untouched. */
export function zscoreRun(h: usize, n: i32, capture: bool): i32 {
  const cap = load<i32>(h, 8);
  const states = <usize>load<u32>(h, 12);
  let emitted: i32 = 0;
  begin();
  for (let i: i32 = 0; i < n; i++) {
    if (!isTrade(i)) continue;
    const s = streamAt(i);
    const x = priceAt(i);
    if (x - x != 0) {
      fail(i);
      return emitted;
    }
    const st = states + s * ZSCORE_STATE;
    // RollingMoments.push
    let shift = load<f64>(st, 32);
    if (shift != shift) {
      shift = x;
      store<f64>(st, x, 32);
    }
    const buf = <usize>load<u32>(st, 48);
    const head = load<i32>(st, 52);
    let count = load<i32>(st, 56);
    const d = x - shift;
    let s1 = load<f64>(st, 0);
    let s2 = load<f64>(st, 16);
    let t = s1 + d;
    let c1 = load<f64>(st, 8) + twoSumError(s1, d, t);
    s1 = t;
    const dd = d * d;
    t = s2 + dd;
    let c2 = load<f64>(st, 24) + neumaierError(s2, dd, t);
    s2 = t;
    if (count == cap) {
      const od = load<f64>(buf + (<usize>head << 3)) - shift;
      store<f64>(buf + (<usize>head << 3), x);
      store<i32>(st, head + 1 == cap ? 0 : head + 1, 52);
      const e = -od;
      t = s1 + e;
      c1 += twoSumError(s1, e, t);
      s1 = t;
      const ee = -od * od;
      t = s2 + ee;
      c2 += neumaierError(s2, ee, t);
      s2 = t;
    } else {
      let at = head + count;
      if (at >= cap) at -= cap;
      store<f64>(buf + (<usize>at << 3), x);
      count++;
      store<i32>(st, count, 56);
    }
    store<f64>(st, s1, 0);
    store<f64>(st, c1, 8);
    store<f64>(st, s2, 16);
    store<f64>(st, c2, 24);
    let runLength = load<i32>(st, 64);
    if (x == load<f64>(st, 40)) runLength++;
    else {
      store<f64>(st, x, 40);
      runLength = 1;
    }
    store<i32>(st, runLength, 64);
    const since = load<i32>(st, 60) + 1;
    if (since >= cap) rebuild(st, cap);
    else store<i32>(st, since, 60);
    // RollingZScore.push returns `full`; latestZ() is zOf(newest) = zOf(x).
    if (count != cap) continue;
    let z: f64;
    if (runLength >= count) z = 0;
    else {
      const c = <f64>count;
      const m = (load<f64>(st, 0) + load<f64>(st, 8)) / c;
      const meanSq = (load<f64>(st, 16) + load<f64>(st, 24)) / c;
      const v = meanSq - m * m;
      const sd = Math.sqrt(v > NOISE_REL * meanSq ? v : 0);
      z = sd == 0 ? 0 : (x - (load<f64>(st, 32) + m)) / sd;
    }
    emitted = emitOne(h, s, i, z, capture, emitted);
  }
  return emitted;
}

/** RollingMoments.rebuild: re-centres the shift on the window mean, sums recomputed exactly. */
function rebuild(st: usize, cap: i32): void {
  store<i32>(st, 0, 60);
  const c = load<i32>(st, 56);
  const shift = load<f64>(st, 32) + (load<f64>(st, 0) + load<f64>(st, 8)) / <f64>c;
  store<f64>(st, shift, 32);
  const buf = <usize>load<u32>(st, 48);
  let s1: f64 = 0;
  let c1: f64 = 0;
  let s2: f64 = 0;
  let c2: f64 = 0;
  let j = load<i32>(st, 52);
  for (let k: i32 = 0; k < c; k++) {
    const d = load<f64>(buf + (<usize>j << 3)) - shift;
    let t = s1 + d;
    c1 += twoSumError(s1, d, t);
    s1 = t;
    const dd = d * d;
    t = s2 + dd;
    c2 += neumaierError(s2, dd, t);
    s2 = t;
    j = j + 1 == cap ? 0 : j + 1;
  }
  store<f64>(st, s1, 0);
  store<f64>(st, c1, 8);
  store<f64>(st, s2, 16);
  store<f64>(st, c2, 24);
}
