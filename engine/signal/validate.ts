import { invalidArgument } from '../core/errors';

/**
 * Argument checks shared by the calculators. Constructors validate their configuration once;
 * `update` methods validate their inputs too, because a single NaN or Infinity would otherwise
 * poison a running sum silently and for good.
 */

/** Throws unless `value` is an integer ≥ `min`. */
export function requireInt(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) invalidArgument(name, value, `an integer >= ${min}`);
  return value;
}

/** Throws unless `value` is a finite number. */
export function requireFinite(name: string, value: number): number {
  if (!Number.isFinite(value)) invalidArgument(name, value, 'a finite number');
  return value;
}

/** Throws unless `value` is finite and > 0. */
export function requirePositive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) invalidArgument(name, value, 'a finite number > 0');
  return value;
}

/** Throws unless `value` is finite and ≥ 0. */
export function requireNonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) invalidArgument(name, value, 'a finite number >= 0');
  return value;
}

/** Throws unless `value` is strictly between 0 and 1. */
export function requireOpenUnit(name: string, value: number): number {
  if (!(value > 0 && value < 1)) invalidArgument(name, value, 'a number in (0, 1)');
  return value;
}
