// Trade processors' loops in WebAssembly (engine/kernel/node/wasm-trade-processors.ts wraps
// them): the same arithmetic, operation for operation, as their JavaScript twins in
// engine/signal and engine/kernel/processors — the JavaScript stays the reference, and tests
// require the same bits from both. A kernel run's columns are staged once into this module's
// memory (staging.as.ts), then each processor's loop runs over them in one call (a file per
// processor kind). Per-stream state lives here, allocated from the heap. The memory is shared:
// a shared memory grows without detaching an ArrayBuffer (see "No detached ArrayBuffers" in
// docs/ARCHITECTURE.md). Nothing is ever freed: an instance lives as long as its kernel.
// Built by build/build-node.mjs into dist/node/trade-kernels.wasm.

export {
  aPtr,
  bPtr,
  configure,
  countPtr,
  failed,
  kindPtr,
  lastPtr,
  maxRows,
  noticeCodePtr,
  notices,
  noticeRowPtr,
  noticeValuePtr,
  outRowPtr,
  outSeriesPtr,
  outValuePtr,
  streamPtr,
  tsPtr,
} from './staging.as';
export { drawdownNew, drawdownRun, drawdownSeenPtr, drawdownStatesPtr } from './drawdown.as';
export { emaNew, emaRun } from './ema.as';
export { limitNew, limitRun } from './limit.as';
export { rsiNew, rsiRun } from './rsi.as';
export { varLastReturn, varNew, varRun } from './var.as';
export { vwapLastTs, vwapNew, vwapRun } from './vwap.as';
export { zscoreNew, zscoreRun } from './zscore.as';
