// `limit:X`: LimitProcessor's loop (engine/kernel/processors/risk-processors.ts) on the unit
// position: with only the notional limit configured, `PositionLimit.checkPosition(symbol, 0, 1,
// price)` is violated exactly when 1 · price > X (a NaN price violates nothing). The move into
// a breach is noted (value: the notional) for the wrapper to publish.

import {
  aCol,
  begin,
  emitValue,
  kindCol,
  newHandle,
  notice,
  recordValue,
  streamCol,
  tradeKind,
  zeroed,
} from './staging.as';

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
  const trade = tradeKind;
  let emitted: i32 = 0;
  begin();
  for (let i: i32 = 0; i < n; i++) {
    if (load<u8>(kindCol + <usize>i) != trade) continue;
    const s = <usize>load<u16>(streamCol + (<usize>i << 1));
    const price = load<f64>(aCol + (<usize>i << 3));
    const utilization = price / maxNotional;
    recordValue(h, s, utilization);
    if (capture) emitValue(emitted, i, 0, utilization);
    emitted++;
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
