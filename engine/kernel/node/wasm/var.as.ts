// `var:N`: VarProcessor (engine/kernel/processors/risk-processors.ts) per stream, its loss
// window a TailWindow (engine/risk/tail-window.ts) mirrored operation for operation.

import { begin, emitValue, fail, isTrade, newHandle, priceAt, recordValue, streamAt, zeroed } from './staging.as';

// Handle: 0, 4 StreamValues (staging.as.ts), 8 n, 12 m, 16 cap (TailWindow's), 20 states.
// Per stream: 0 previous price, 8 topMean (NaN when stale), 16 window address (0 until the
// stream's second trade, when the JavaScript creates its TailWindow), 20 topLen, 24 restCount,
// 28 seq, 32 slot, 36 seen. seq stops at n: only seq ≥ n and min(seq, n) are ever asked, and an
// i32 would overflow after 2³¹ trades.
const VAR_STATE: usize = 40;
// A window, one allocation: values (n f64), topV (cap f64), topSlot (cap i32), inTop (n u8).

// The running processor's sizes and window layout, set by varRun for the helpers below.
let wn: i32 = 0;
let wm: i32 = 0;
let wcap: i32 = 0;
let offTopV: usize = 0;
let offTopSlot: usize = 0;
let offInTop: usize = 0;

/** The return the last run stopped at (not finite), for the wrapper's error. */
let lastReturn: f64 = 0;

/** A `var` processor's state for `streams` stream ids, with `m` as `lossTail` computes it. */
export function varNew(streams: i32, n: i32, m: i32): usize {
  const h = newHandle(24, streams);
  store<i32>(h, n, 8);
  store<i32>(h, m, 12);
  // TailWindow's constructor: a reserve of ~√n, at least m (f64 as in the JavaScript).
  const cap = <i32>Math.min(<f64>n, <f64>m + Math.max(<f64>m, Math.ceil(Math.sqrt(<f64>n))));
  store<i32>(h, cap, 16);
  const states = zeroed(<usize>streams * VAR_STATE);
  store<u32>(h, <u32>states, 20);
  for (let s = 0; s < streams; s++) store<f64>(states + <usize>s * VAR_STATE, NaN, 8);
  return h;
}

/** The return (price / previous − 1) at which the last run stopped. */
export function varLastReturn(): f64 {
  return lastReturn;
}

/**
 * `VarProcessor.onBatch` over the staged rows [0, n): returns the values emitted, 2 per event
 * (var, es: written to the out columns when `capture`; es is computed only then, as in the
 * JavaScript, whose topMean cache differs between the modes alike). Stops at the first return
 * that is not finite (`failed()`, `varLastReturn()`), its stream's previous price already
 * replaced, as the JavaScript leaves it when `requireFinite` throws.
 */
export function varRun(h: usize, n: i32, capture: bool): i32 {
  const wsize = load<i32>(h, 8);
  wn = wsize;
  wm = load<i32>(h, 12);
  wcap = load<i32>(h, 16);
  offTopV = <usize>wsize << 3;
  offTopSlot = offTopV + (<usize>wcap << 3);
  offInTop = offTopSlot + (<usize>wcap << 2);
  const windowBytes = offInTop + <usize>wsize;
  const states = <usize>load<u32>(h, 20);
  let emitted: i32 = 0;
  begin();
  for (let i: i32 = 0; i < n; i++) {
    if (!isTrade(i)) continue;
    const s = streamAt(i);
    const price = priceAt(i);
    const st = states + s * VAR_STATE;
    const prev = load<f64>(st);
    store<f64>(st, price);
    if (load<u8>(st, 36) == 0) {
      store<u8>(st, 1, 36);
      continue;
    }
    let w = <usize>load<u32>(st, 16);
    if (w == 0) {
      w = zeroed(windowBytes);
      store<u32>(st, <u32>w, 16);
    }
    const r = price / prev - 1;
    if (r - r != 0) {
      lastReturn = r;
      fail(i);
      return emitted;
    }
    push(st, w, 0 - r);
    if (load<i32>(st, 28) < wsize) continue;
    const len = load<i32>(st, 20);
    const v = len >= wm ? load<f64>(w + offTopV + (<usize>(len - wm) << 3)) : NaN;
    if (v != v) continue;
    if (capture) {
      emitValue(emitted, i, 0, v);
      emitValue(emitted + 1, i, 1, meanOfTop(st, w));
    }
    emitted += 2;
    recordValue(h, s, v);
  }
  return emitted;
}

/** TailWindow.meanOfTop, its cache in the stream's state. */
function meanOfTop(st: usize, w: usize): f64 {
  const cached = load<f64>(st, 8);
  if (cached == cached) return cached;
  const len = load<i32>(st, 20);
  const m = wm;
  if (len < m) return NaN;
  const v = w + offTopV;
  let sum: f64 = 0;
  for (let i = len - m; i < len; i++) sum += load<f64>(v + (<usize>i << 3));
  const mean = sum / <f64>m;
  store<f64>(st, mean, 8);
  return mean;
}

/** TailWindow.push. */
@inline
function push(st: usize, w: usize, x: f64): void {
  const n = wn;
  const t = load<i32>(st, 28);
  const slot = load<i32>(st, 32);
  if (t >= n) {
    if (load<u8>(w + offInTop + <usize>slot) == 1) removeFromTop(st, w, slot);
    else store<i32>(st, load<i32>(st, 24) - 1, 24);
  } else store<i32>(st, t + 1, 28);
  store<f64>(w + (<usize>slot << 3), x);
  store<i32>(st, slot + 1 == n ? 0 : slot + 1, 32);
  const len = load<i32>(st, 20);
  if ((len > 0 && x > load<f64>(w + offTopV)) || (load<i32>(st, 24) == 0 && len < wcap)) {
    enterTop(st, w, slot);
  } else {
    store<u8>(w + offInTop + <usize>slot, 0);
    store<i32>(st, load<i32>(st, 24) + 1, 24);
  }
  if (load<i32>(st, 20) < wm && load<i32>(st, 24) > 0) rebuild(st, w);
}

/** TailWindow.enterTop, insertTop and replaceSmallest: the value of `slot` joins `top`. */
function enterTop(st: usize, w: usize, slot: i32): void {
  const x = load<f64>(w + (<usize>slot << 3));
  const v = w + offTopV;
  const q = w + offTopSlot;
  const inTop = w + offInTop;
  const len = load<i32>(st, 20);
  if (len == wcap) {
    // replaceSmallest: x is larger than the smallest, which goes to the rest.
    store<u8>(inTop + <usize>load<i32>(q), 0);
    let j: i32 = 0;
    while (j + 1 < len && load<f64>(v + (<usize>(j + 1) << 3)) <= x) {
      store<f64>(v + (<usize>j << 3), load<f64>(v + (<usize>(j + 1) << 3)));
      store<i32>(q + (<usize>j << 2), load<i32>(q + (<usize>(j + 1) << 2)));
      j++;
    }
    store<f64>(v + (<usize>j << 3), x);
    store<i32>(q + (<usize>j << 2), slot);
    store<f64>(st, NaN, 8);
    store<u8>(inTop + <usize>slot, 1);
    store<i32>(st, load<i32>(st, 24) + 1, 24);
  } else {
    // insertTop: `top` has room.
    let j = len;
    while (j > 0 && load<f64>(v + (<usize>(j - 1) << 3)) > x) {
      store<f64>(v + (<usize>j << 3), load<f64>(v + (<usize>(j - 1) << 3)));
      store<i32>(q + (<usize>j << 2), load<i32>(q + (<usize>(j - 1) << 2)));
      j--;
    }
    store<f64>(v + (<usize>j << 3), x);
    store<i32>(q + (<usize>j << 2), slot);
    store<i32>(st, len + 1, 20);
    store<f64>(st, NaN, 8);
    store<u8>(inTop + <usize>slot, 1);
  }
}

/** TailWindow.removeFromTop: the entry of `slot` leaves `top` (before the slot is overwritten). */
function removeFromTop(st: usize, w: usize, slot: i32): void {
  const x = load<f64>(w + (<usize>slot << 3));
  const v = w + offTopV;
  const q = w + offTopSlot;
  const len = load<i32>(st, 20);
  let lo: i32 = 0;
  let hi: i32 = len;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<f64>(v + (<usize>mid << 3)) < x) lo = mid + 1;
    else hi = mid;
  }
  while (lo < len && load<i32>(q + (<usize>lo << 2)) != slot) lo++;
  for (let j = lo + 1; j < len; j++) {
    store<f64>(v + (<usize>(j - 1) << 3), load<f64>(v + (<usize>j << 3)));
    store<i32>(q + (<usize>(j - 1) << 2), load<i32>(q + (<usize>j << 2)));
  }
  store<i32>(st, len - 1, 20);
  store<f64>(st, NaN, 8);
}

/** TailWindow.rebuild: `top` refilled by a scan of the window, newest first. */
function rebuild(st: usize, w: usize): void {
  const v = w + offTopV;
  const q = w + offTopSlot;
  const inTop = w + offInTop;
  const n = wn;
  const topLen = load<i32>(st, 20);
  for (let i = 0; i < topLen; i++) store<u8>(inTop + <usize>load<i32>(q + (<usize>i << 2)), 0);
  const cap = wcap;
  const seq = load<i32>(st, 28);
  const size = seq < n ? seq : n;
  let len: i32 = 0;
  const next = load<i32>(st, 32);
  let slot = next == 0 ? n - 1 : next - 1;
  for (let k = 0; k < size; k++) {
    const x = load<f64>(w + (<usize>slot << 3));
    if (len < cap || x > load<f64>(v)) {
      let j = len;
      if (len == cap) {
        j = 0;
        while (j + 1 < len && load<f64>(v + (<usize>(j + 1) << 3)) <= x) {
          store<f64>(v + (<usize>j << 3), load<f64>(v + (<usize>(j + 1) << 3)));
          store<i32>(q + (<usize>j << 2), load<i32>(q + (<usize>(j + 1) << 2)));
          j++;
        }
      } else {
        while (j > 0 && load<f64>(v + (<usize>(j - 1) << 3)) > x) {
          store<f64>(v + (<usize>j << 3), load<f64>(v + (<usize>(j - 1) << 3)));
          store<i32>(q + (<usize>j << 2), load<i32>(q + (<usize>(j - 1) << 2)));
          j--;
        }
        len++;
      }
      store<f64>(v + (<usize>j << 3), x);
      store<i32>(q + (<usize>j << 2), slot);
    }
    slot = slot == 0 ? n - 1 : slot - 1;
  }
  for (let i = 0; i < len; i++) store<u8>(inTop + <usize>load<i32>(q + (<usize>i << 2)), 1);
  store<i32>(st, len, 20);
  store<i32>(st, size - len, 24);
  store<f64>(st, NaN, 8);
}
