/**
 * Branded primitives. A brand is a compile-time tag: `TsUs` and `Price` are both numbers at
 * run time, but the compiler refuses to mix them up.
 */
declare const brand: unique symbol;

/** `T` tagged with the brand `B`. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Integer microseconds since the Unix epoch, UTC. Exact up to 2^53 (year 2255). */
export type TsUs = Brand<number, 'TsUs'>;
/** A duration in integer microseconds. */
export type DurationUs = Brand<number, 'DurationUs'>;
/** A price in the quote currency of its symbol (USDT for BTCUSDT, USD for BTCUSD_PERP). */
export type Price = Brand<number, 'Price'>;
/** A quantity in the base asset (or in contracts for COIN-M futures). */
export type Size = Brand<number, 'Size'>;
/** A dataset's unique name in the catalog. */
export type DatasetName = Brand<string, 'DatasetName'>;
/** A venue name as stored in the lake, e.g. `binance`, `binance-futures`. */
export type Venue = Brand<string, 'Venue'>;
/** An exchange symbol as stored in the lake, upper case, e.g. `BTCUSDT`. */
export type Symbol = Brand<string, 'Symbol'>;

export const tsUs = (n: number): TsUs => n as TsUs;
export const durationUs = (n: number): DurationUs => n as DurationUs;
export const price = (n: number): Price => n as Price;
export const size = (n: number): Size => n as Size;
export const datasetName = (s: string): DatasetName => s as DatasetName;
export const venue = (s: string): Venue => s as Venue;
export const symbol = (s: string): Symbol => s as Symbol;

/** Microseconds per second, millisecond. */
export const US_PER_S = 1_000_000;
export const US_PER_MS = 1_000;
