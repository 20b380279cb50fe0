/**
 * The public strategy API: what notebooks and the script editor may use. It grows with the
 * backtest issue; for now it re-exports the units and data-model types a script sees.
 */
export type { TsUs, Price, Size, DurationUs } from '../core/brand';
export { US_PER_S, US_PER_MS } from '../core/brand';
export type { TradeSide, BookSide } from '../model/kinds';
