// `rsi:N`: RsiProcessor's loop (engine/kernel/processors/trade-signal-processors.ts) and
// `rsiAdvance` / `rsiValue` (engine/signal/rsi.ts), per stream.

import { begin, emitOne, fail, isTrade, newHandle, priceAt, streamAt, zeroed } from './staging.as';

// Handle: 0, 4 StreamValues (staging.as.ts), 8 N, 16 states. Per stream (RSI_STATE doubles):
// previous price (NaN first), changes seen, average gain, average loss.
const RSI_STATE: usize = 32;

export function rsiNew(streams: i32, n: f64): usize {
  const h = newHandle(24, streams);
  store<f64>(h, n, 8);
  const states = zeroed(<usize>streams * RSI_STATE);
  for (let s = 0; s < streams; s++) store<f64>(states + <usize>s * RSI_STATE, NaN);
  store<u32>(h, <u32>states, 16);
  return h;
}

// signed-parts.ts: the parts of a change without a branch on its sign.
@inline
function positivePart(x: f64): f64 {
  const a = Math.abs(x);
  if (a < 8.98e307) return (a + x) * 0.5;
  return x > 0 ? x : 0;
}
@inline
function negativePart(x: f64): f64 {
  const a = Math.abs(x);
  if (a < 8.98e307) return (a - x) * 0.5;
  return x < 0 ? -x : 0;
}

/** Stops at a price that is not finite (`requireFinite('price', x)` throws there), state untouched. */
export function rsiRun(h: usize, n: i32, capture: bool): i32 {
  const len = load<f64>(h, 8);
  const states = <usize>load<u32>(h, 16);
  let emitted: i32 = 0;
  begin();
  for (let i: i32 = 0; i < n; i++) {
    if (!isTrade(i)) continue;
    const s = streamAt(i);
    const price = priceAt(i);
    if (price - price != 0) {
      fail(i);
      return emitted;
    }
    const st = states + s * RSI_STATE;
    const prev = load<f64>(st);
    store<f64>(st, price);
    if (prev != prev) continue;
    const change = price - prev;
    const gain = positivePart(change);
    const loss = negativePart(change);
    let avgGain: f64;
    let avgLoss: f64;
    const changes = load<f64>(st, 8);
    if (changes < len) {
      avgGain = load<f64>(st, 16) + gain;
      avgLoss = load<f64>(st, 24) + loss;
      store<f64>(st, changes + 1, 8);
      if (changes + 1 < len) {
        store<f64>(st, avgGain, 16);
        store<f64>(st, avgLoss, 24);
        continue;
      }
      avgGain /= len;
      avgLoss /= len;
    } else {
      avgGain = (load<f64>(st, 16) * (len - 1) + gain) / len;
      avgLoss = (load<f64>(st, 24) * (len - 1) + loss) / len;
    }
    store<f64>(st, avgGain, 16);
    store<f64>(st, avgLoss, 24);
    // rsiOf: 100 if no loss, 50 if neither.
    const v: f64 = avgLoss == 0 ? (avgGain == 0 ? 50 : 100) : 100 - 100 / (1 + avgGain / avgLoss);
    emitted = emitOne(h, s, i, v, capture, emitted);
  }
  return emitted;
}
