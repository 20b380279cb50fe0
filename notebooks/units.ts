// Example research helper written only against the public strategy API.
import { US_PER_S, type TsUs } from '../engine/strategy';

/** Seconds between two timestamps. */
export function secondsBetween(a: TsUs, b: TsUs): number {
  return (b - a) / US_PER_S;
}
