// `drawdown:H`: DrawdownProcessor's loop (engine/kernel/processors/risk-processors.ts) with
// `drawdownPctOf` and `nextBreakerState` (engine/risk/drawdown-breaker.ts), per stream. A
// change of state away from ACTIVE is noted (code: the new state) for the wrapper to publish
// as a breach.

import { begin, emitOne, fail, isTrade, newHandle, notice, priceAt, streamAt, tsAt, zeroed } from './staging.as';

/** Breaker states (the wrapper's BreakerState by code). */
const ACTIVE: u8 = 0;
const REDUCING: u8 = 1;
const HALTED: u8 = 2;

// Handle: 0, 4 StreamValues (staging.as.ts), 8 H (%), 16 peaks (f64, NaN first), 20 states
// (u8), 24 seen flags (u8).

export function drawdownNew(streams: i32, haltAtPct: f64): usize {
  const h = newHandle(32, streams);
  store<f64>(h, haltAtPct, 8);
  const peaks = zeroed(<usize>streams << 3);
  for (let s = 0; s < streams; s++) store<f64>(peaks + (<usize>s << 3), NaN);
  store<u32>(h, <u32>peaks, 16);
  store<u32>(h, <u32>zeroed(<usize>streams), 20);
  store<u32>(h, <u32>zeroed(<usize>streams), 24);
  return h;
}
export function drawdownStatesPtr(h: usize): usize {
  return <usize>load<u32>(h, 20);
}
export function drawdownSeenPtr(h: usize): usize {
  return <usize>load<u32>(h, 24);
}

/**
 * Stops at an equity (price) or time that is not finite, after marking the stream seen, as
 * DrawdownProcessor throws there.
 */
export function drawdownRun(h: usize, n: i32, capture: bool): i32 {
  const haltAt = load<f64>(h, 8);
  const reduceAt = haltAt / 2;
  const peaks = <usize>load<u32>(h, 16);
  const states = <usize>load<u32>(h, 20);
  const seen = <usize>load<u32>(h, 24);
  let emitted: i32 = 0;
  begin();
  for (let i: i32 = 0; i < n; i++) {
    if (!isTrade(i)) continue;
    const s = streamAt(i);
    store<u8>(seen + s, 1);
    const equity = priceAt(i);
    const ts = tsAt(i);
    if (equity - equity != 0 || ts - ts != 0) {
      fail(i);
      return emitted;
    }
    let peak = load<f64>(peaks + (s << 3));
    if (!(equity <= peak)) {
      peak = equity;
      store<f64>(peaks + (s << 3), equity);
    }
    const dd: f64 = peak > 0 ? ((peak - equity) / peak) * 100 : 100;
    const before = load<u8>(states + s);
    // nextBreakerState with REDUCING sticky (reset level −1) and HALTED sticky.
    let after = before;
    if (before != HALTED) {
      if (dd >= haltAt) after = HALTED;
      else if (before == REDUCING) after = dd <= -1 ? ACTIVE : REDUCING;
      else if (dd >= reduceAt) after = REDUCING;
    }
    emitted = emitOne(h, s, i, dd, capture, emitted);
    if (after != before) {
      store<u8>(states + s, after);
      if (after != ACTIVE) notice(i, after, dd);
    }
  }
  return emitted;
}
