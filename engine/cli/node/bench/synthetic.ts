import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../../../lake/node/sql';

/** Symbols of the synthetic benchmark data: SYM0USDT … SYM9USDT. */
export const SYNTHETIC_SYMBOLS = 10;
/** 2024-08-08T00:00:00Z in µs: the synthetic session starts here. */
export const SYNTHETIC_START_US = 1_723_075_200_000_000;

/**
 * Writes `rows` seeded synthetic trades as a Tardis-format CSV
 * (`exchange,symbol,timestamp,local_timestamp,id,side,price,amount`), generated inside DuckDB
 * from a hash of (row, seed) so the file is identical on every run and machine: trades every
 * 5 µs, symbols round-robin, a smooth price path with hashed noise. The receive time is 1–2 ms
 * after the trade time (a slowly varying latency plus 0–4 µs of noise) and never decreases, as
 * in a real capture, where one connection delivers messages in order.
 */
export async function writeSyntheticTradesCsv(
  conn: DuckDBConnection,
  path: string,
  rows: number,
  seed: number,
): Promise<void> {
  const h = (salt: number): string => `(hash(i, ${seed}, ${salt}) % 1000000)::DOUBLE / 1000000`;
  await conn.run(
    `COPY (
       SELECT 'binance-futures' AS exchange,
              'SYM' || (i % ${SYNTHETIC_SYMBOLS}) || 'USDT' AS symbol,
              ${SYNTHETIC_START_US} + i * 5 AS timestamp,
              ${SYNTHETIC_START_US} + i * 5 + 1500 + CAST(round(500 * sin(i / 100000.0)) AS BIGINT) + hash(i, ${seed}, 1) % 5 AS local_timestamp,
              i AS id,
              CASE WHEN ${h(2)} < 0.5 THEN 'buy' ELSE 'sell' END AS side,
              round(100 * ((i % ${SYNTHETIC_SYMBOLS}) + 1) * (1 + 0.05 * sin(i / 2000000.0) + 0.0005 * (${h(3)} - 0.5)), 2) AS price,
              round(0.001 + 2 * ${h(4)}, 3) AS amount
         FROM range(${rows}) t(i)
     ) TO ${sqlString(path)} (FORMAT csv, HEADER true)`,
  );
}
