// `vwap:W`: RollingVwap (engine/signal/vwap.ts) per stream, as VwapProcessor runs it.

import { begin, emitOne, fail, isTrade, newHandle, priceAt, sizeAt, streamAt, tsAt, zeroed } from './staging.as';


const VWAP_INITIAL_CAPACITY: i32 = 64;
// Per stream: 0 Σ price·size, 8 its compensation, 16 Σ size, 24 its compensation, 32 last
// time (µs), 40 ring address, 44 capacity (trades), 48 head, 52 count, 56 pushes since rebuild.
const VWAP_STATE: usize = 64;
// Handle: 0, 4 StreamValues (staging.as.ts), 8 window (µs), 16 states.

/** A `vwap` processor's state for `streams` stream ids; returns its handle. */
export function vwapNew(streams: i32, windowUs: f64): usize {
  const h = newHandle(24, streams);
  store<f64>(h, windowUs, 8);
  const states = zeroed(<usize>streams * VWAP_STATE);
  store<u32>(h, <u32>states, 16);
  for (let s = 0; s < streams; s++) {
    const st = states + <usize>s * VWAP_STATE;
    store<f64>(st, -Infinity, 32);
    store<u32>(st, <u32>heap.alloc(<usize>(3 * 8 * VWAP_INITIAL_CAPACITY)), 40);
    store<i32>(st, VWAP_INITIAL_CAPACITY, 44);
  }
  return h;
}
/** Last trade time of a stream (µs), for the wrapper's error message. */
export function vwapLastTs(h: usize, s: i32): f64 {
  return load<f64>(<usize>load<u32>(h, 16) + <usize>s * VWAP_STATE, 32);
}

/**
 * `VwapProcessor.onBatch` over the staged rows [0, n): returns the values emitted (written to
 * the out columns when `capture`); stops at the first invalid trade (`failed()`), before any
 * change of its stream's state, as `RollingVwap.pushAt` throws.
 */
export function vwapRun(h: usize, n: i32, capture: bool): i32 {
  const windowUs = load<f64>(h, 8);
  const states = <usize>load<u32>(h, 16);
  let emitted: i32 = 0;
  begin();
  for (let i: i32 = 0; i < n; i++) {
    if (!isTrade(i)) continue;
    const s = streamAt(i);
    const tsUs = tsAt(i);
    const price = priceAt(i);
    const size = sizeAt(i);
    const st = states + s * VWAP_STATE;
    if (!(tsUs - tsUs == 0 && price - price == 0 && size >= 0 && size < Infinity && tsUs >= load<f64>(st, 32))) {
      fail(i);
      return emitted;
    }
    store<f64>(st, tsUs, 32);
    let ring = <usize>load<u32>(st, 40);
    let head = load<i32>(st, 48);
    let count = load<i32>(st, 52);
    let pvSum = load<f64>(st, 0);
    let pvComp = load<f64>(st, 8);
    let vSum = load<f64>(st, 16);
    let vComp = load<f64>(st, 24);
    const cutoffUs = tsUs - windowUs;
    if (count > 0 && load<f64>(ring + <usize>head * 24) <= cutoffUs) {
      const cap = load<i32>(st, 44);
      do {
        const x = -load<f64>(ring + <usize>head * 24, 8);
        const t = pvSum + x;
        if (Math.abs(pvSum) >= Math.abs(x)) pvComp += pvSum - t + x;
        else pvComp += x - t + pvSum;
        pvSum = t;
        const y = -load<f64>(ring + <usize>head * 24, 16);
        const u = vSum + y;
        if (Math.abs(vSum) >= Math.abs(y)) vComp += vSum - u + y;
        else vComp += y - u + vSum;
        vSum = u;
        head = head + 1 == cap ? 0 : head + 1;
        count--;
      } while (count > 0 && load<f64>(ring + <usize>head * 24) <= cutoffUs);
      if (count == 0) {
        head = 0;
        pvSum = 0;
        pvComp = 0;
        vSum = 0;
        vComp = 0;
        store<i32>(st, 0, 56);
      }
    }
    if (count == load<i32>(st, 44)) {
      ring = vwapGrow(st, head);
      head = 0;
    }
    const cap = load<i32>(st, 44);
    let at = head + count;
    if (at >= cap) at -= cap;
    const p = price * size;
    const slot = ring + <usize>at * 24;
    store<f64>(slot, tsUs);
    store<f64>(slot, p, 8);
    store<f64>(slot, size, 16);
    count++;
    const t = pvSum + p;
    if (Math.abs(pvSum) >= Math.abs(p)) pvComp += pvSum - t + p;
    else pvComp += p - t + pvSum;
    pvSum = t;
    const u = vSum + size;
    if (Math.abs(vSum) >= Math.abs(size)) vComp += vSum - u + size;
    else vComp += size - u + vSum;
    vSum = u;
    store<i32>(st, head, 48);
    store<i32>(st, count, 52);
    const since = load<i32>(st, 56) + 1;
    if (since >= count) {
      // The sums recomputed from the window, oldest first (RollingVwap.rebuild).
      store<i32>(st, 0, 56);
      pvSum = 0;
      pvComp = 0;
      vSum = 0;
      vComp = 0;
      let j = head;
      for (let k: i32 = 0; k < count; k++) {
        const x = load<f64>(ring + <usize>j * 24, 8);
        const t2 = pvSum + x;
        if (Math.abs(pvSum) >= Math.abs(x)) pvComp += pvSum - t2 + x;
        else pvComp += x - t2 + pvSum;
        pvSum = t2;
        const y = load<f64>(ring + <usize>j * 24, 16);
        const u2 = vSum + y;
        if (Math.abs(vSum) >= Math.abs(y)) vComp += vSum - u2 + y;
        else vComp += y - u2 + vSum;
        vSum = u2;
        j = j + 1 == cap ? 0 : j + 1;
      }
    } else store<i32>(st, since, 56);
    store<f64>(st, pvSum, 0);
    store<f64>(st, pvComp, 8);
    store<f64>(st, vSum, 16);
    store<f64>(st, vComp, 24);
    const v = vSum + vComp;
    if (!(v > 0)) continue;
    const vwap = (pvSum + pvComp) / v;
    emitted = emitOne(h, s, i, vwap, capture, emitted);
  }
  return emitted;
}

/** Doubles a stream's full ring, oldest trade (at `head`) first; returns the new ring. */
function vwapGrow(st: usize, head: i32): usize {
  const cap = load<i32>(st, 44);
  const old = <usize>load<u32>(st, 40);
  const ring = heap.alloc(<usize>(6 * 8 * cap));
  const tail = <usize>(cap - head) * 24;
  memory.copy(ring, old + <usize>head * 24, tail);
  memory.copy(ring + tail, old, <usize>head * 24);
  store<u32>(st, <u32>ring, 40);
  store<i32>(st, 2 * cap, 44);
  store<i32>(st, 0, 48);
  return ring;
}
