import { TickbenchError } from './errors';
import { type TsUs, tsUs } from './brand';

/** The unit of an integer timestamp as found in a source file. */
export type TimestampUnit = 's' | 'ms' | 'us' | 'ns';

/**
 * Detects the unit of an epoch timestamp from its magnitude. Valid for dates between
 * 1973 and 2286: seconds are < 1e10, milliseconds < 1e13, microseconds < 1e16.
 */
export function detectTimestampUnit(value: number): TimestampUnit {
  const v = Math.abs(value);
  if (v < 1e11) return 's';
  if (v < 1e14) return 'ms';
  if (v < 1e17) return 'us';
  return 'ns';
}

const US_FACTOR: Record<Exclude<TimestampUnit, 'ns'>, number> = { s: 1_000_000, ms: 1_000, us: 1 };

/** Converts a timestamp in `unit` to µs. Nanoseconds are truncated toward zero. */
export function toUs(value: number, unit: TimestampUnit): TsUs {
  if (unit === 'ns') return tsUs(Math.trunc(value / 1000));
  return tsUs(Math.round(value * US_FACTOR[unit]));
}

/**
 * Parses an integer epoch timestamp written in decimal digits, in any unit, to µs, exactly:
 * nanosecond strings exceed 2^53, so they are cut to µs as text before conversion.
 */
export function parseEpochDigitsToUs(text: string): TsUs {
  if (!/^\d{1,19}$/.test(text)) {
    throw new TickbenchError('bad-input', `timestamp ${JSON.stringify(text)} is not an integer epoch time`);
  }
  const unit = detectTimestampUnit(Number(text));
  if (unit === 'ns') return tsUs(Number(text.slice(0, -3)));
  return toUs(Number(text), unit);
}

/** ISO-8601 UTC text of a µs timestamp, with microseconds. */
export function formatTsUs(t: number): string {
  const ms = Math.floor(t / 1000);
  const us = ((t % 1000) + 1000) % 1000;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}${String(us).padStart(3, '0')}Z`;
}

/** Parses an ISO date/time (`2024-08-08`, `2024-08-08T12:00:00Z`) or an epoch number in any unit to µs. */
export function parseTimeArg(text: string): TsUs {
  if (/^\d+$/.test(text)) return parseEpochDigitsToUs(text);
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || text.length === 10 ? text : `${text}Z`);
  if (Number.isNaN(ms)) {
    throw new TickbenchError(
      'invalid-argument',
      `time ${JSON.stringify(text)}: allowed an ISO-8601 date/time or an epoch number`,
    );
  }
  return tsUs(ms * 1000);
}
