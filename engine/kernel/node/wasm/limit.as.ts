// `limit:X`: LimitProcessor's loop (engine/kernel/processors/risk-processors.ts) on the unit
// position: with only the notional limit configured, `PositionLimit.checkPosition(symbol, 0, 1,
// price)` is violated exactly when 1 · price > X (a NaN price violates nothing). The move into
// a breach is noted (value: the notional) for the wrapper to publish.

import { begin, emitOne, isTrade, newHandle, notice, priceAt, streamAt, zeroed } from './staging.as';

// Handle: 0, 4 StreamValues (staging.as.ts), 8 X (quote units), 16 in-breach flags (u8).

export function limitNew(streams: i32, maxNotional: f64): usize {
  const h = newHandle(24, streams);
  store<f64>(h, maxNotional, 8);
  store<u32>(h, <u32>zeroed(<usize>streams), 16);
  return h;
}

/** Never stops: no price is refused. */
export function limitRun(h: usize, n: i32, capture: bool): i32 {
  const maxNotional = load<f64>(h, 8);
  const inBreach = <usize>load<u32>(h, 16);
  let emitted: i32 = 0;
  begin();
  for (let i: i32 = 0; i < n; i++) {
    if (!isTrade(i)) continue;
    const s = streamAt(i);
    const price = priceAt(i);
    const utilization = price / maxNotional;
    emitted = emitOne(h, s, i, utilization, capture, emitted);
    if (price <= maxNotional) {
      store<u8>(inBreach + s, 0);
      continue;
    }
    const notional = 1 * price;
    const violated = notional > maxNotional;
    const was = load<u8>(inBreach + s) == 1;
    store<u8>(inBreach + s, violated ? 1 : 0);
    if (violated && !was) notice(i, 0, notional);
  }
  return emitted;
}
