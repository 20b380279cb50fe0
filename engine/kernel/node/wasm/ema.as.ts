// `ema:N`: EmaProcessor's loop (engine/kernel/processors/trade-signal-processors.ts) and
// `emaStep` (engine/signal/ema.ts), per stream.

import { begin, emitOne, fail, isTrade, newHandle, priceAt, streamAt, zeroed } from './staging.as';

// Handle: 0, 4 StreamValues (staging.as.ts), 8 α, 16 the average per stream (f64, NaN first).

export function emaNew(streams: i32, alpha: f64): usize {
  const h = newHandle(24, streams);
  store<f64>(h, alpha, 8);
  const values = zeroed(<usize>streams << 3);
  for (let s = 0; s < streams; s++) store<f64>(values + (<usize>s << 3), NaN);
  store<u32>(h, <u32>values, 16);
  return h;
}

/** Stops at a price that is not finite (`requireFinite('x', x)` throws there), state untouched. */
export function emaRun(h: usize, n: i32, capture: bool): i32 {
  const alpha = load<f64>(h, 8);
  const values = <usize>load<u32>(h, 16);
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
    const e = load<f64>(values + (s << 3));
    const v = e != e ? x : e + alpha * (x - e);
    store<f64>(values + (s << 3), v);
    emitted = emitOne(h, s, i, v, capture, emitted);
  }
  return emitted;
}
