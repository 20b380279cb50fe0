/**
 * A tiny set of validator combinators for the IPC contract's argument schemas (no schema library
 * is installed, and the contract needs only a few shapes). Every validator rejects what it does
 * not know — unknown object keys included — and its errors say where, what was received and
 * what is allowed.
 */
import { ContractError } from './contract-error';

/** Validates an unknown value into a `T`, or throws an `invalid-argument` `ContractError`. */
export interface Validator<T> {
  /** What the validator accepts, in words (used in error messages). */
  readonly expected: string;
  readonly optional: false;
  check(value: unknown, path: string): T;
}

/** A validator for an object key that may be absent. */
export interface OptionalValidator<T> {
  readonly expected: string;
  readonly optional: true;
  check(value: unknown, path: string): T | undefined;
}

type AnyValidator = Validator<unknown> | OptionalValidator<unknown>;
type Shape = Readonly<Record<string, AnyValidator>>;

type RequiredKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends OptionalValidator<unknown> ? never : K;
}[keyof S];
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends OptionalValidator<unknown> ? K : never;
}[keyof S];
type Out<V> = V extends Validator<infer T> ? T : V extends OptionalValidator<infer T> ? T : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The value type an object shape describes (optional keys stay optional). */
export type ObjectOf<S extends Shape> = Simplify<
  { readonly [K in RequiredKeys<S>]: Out<S[K]> } & { readonly [K in OptionalKeys<S>]?: Out<S[K]> }
>;

/** The output type of a validator. */
export type Infer<V> = Out<V>;

/** Short, type-revealing rendering of a received value for error messages. */
export function received(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}

function fail(path: string, value: unknown, expected: string): never {
  throw new ContractError('invalid-argument', `${path}: received ${received(value)}, allowed ${expected}`);
}

function make<T>(expected: string, check: (value: unknown, path: string) => T): Validator<T> {
  return { expected, optional: false, check };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string of bounded length (default at most 4096 characters). */
function string(
  options: { min?: number; max?: number; pattern?: RegExp; hint?: string } = {},
): Validator<string> {
  const min = options.min ?? 0;
  const max = options.max ?? 4096;
  const expected =
    options.hint ?? `a string of ${min === 0 ? `at most ${max}` : `${min} to ${max}`} characters`;
  return make(expected, (value, path) => {
    if (typeof value !== 'string' || value.length < min || value.length > max) fail(path, value, expected);
    if (options.pattern !== undefined && !options.pattern.test(value)) fail(path, value, expected);
    return value;
  });
}

/** An integer in `[min, max]`. */
function int(options: { min: number; max: number }): Validator<number> {
  const expected = `an integer in [${options.min}, ${options.max}]`;
  return make(expected, (value, path) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < options.min || value > options.max) {
      fail(path, value, expected);
    }
    return value;
  });
}

/** A finite number in `[min, max]` (defaults: unbounded). */
function number(options: { min?: number; max?: number } = {}): Validator<number> {
  const min = options.min ?? -Number.MAX_VALUE;
  const max = options.max ?? Number.MAX_VALUE;
  const expected =
    options.min === undefined && options.max === undefined
      ? 'a finite number'
      : `a number in [${min}, ${max}]`;
  return make(expected, (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      fail(path, value, expected);
    }
    return value;
  });
}

function boolean(): Validator<boolean> {
  return make('true or false', (value, path) => {
    if (typeof value !== 'boolean') fail(path, value, 'true or false');
    return value;
  });
}

/** One of the given string literals. */
function literal<const L extends readonly [string, ...string[]]>(...values: L): Validator<L[number]> {
  const expected = `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;
  return make(expected, (value, path) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value))
      fail(path, value, expected);
    return value;
  });
}

/** An array of at most `max` items (default 1000), each validated. */
function array<T>(item: Validator<T>, options: { min?: number; max?: number } = {}): Validator<readonly T[]> {
  const min = options.min ?? 0;
  const max = options.max ?? 1000;
  const expected = `an array of ${min} to ${max} items, each ${item.expected}`;
  return make(expected, (value, path) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) fail(path, value, expected);
    return value.map((x: unknown, i) => item.check(x, `${path}[${i}]`));
  });
}

/** A plain object with exactly the given keys (optional ones may be absent); unknown keys are refused. */
function object<S extends Shape>(shape: S): Validator<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const expected = `an object with keys {${keys.join(', ')}}`;
  return make(expected, (value, path) => {
    if (!isRecord(value)) fail(path, value, expected);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(shape, key)) {
        throw new ContractError(
          'invalid-argument',
          `${path}: unknown key ${JSON.stringify(key)}, allowed keys: ${keys.length > 0 ? keys.join(', ') : 'none'}`,
        );
      }
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const validator = shape[key];
      if (validator === undefined) continue;
      const raw = value[key];
      if (raw === undefined && validator.optional) continue;
      out[key] = validator.check(raw, `${path}.${key}`);
    }
    // The loop above checked every key of the shape against its validator.
    return out as ObjectOf<S>;
  });
}

/** A record with string keys (bounded count) and validated values. */
function record<T>(
  valueValidator: Validator<T>,
  options: { max?: number } = {},
): Validator<Readonly<Record<string, T>>> {
  const max = options.max ?? 100;
  const expected = `an object of at most ${max} entries, each ${valueValidator.expected}`;
  return make(expected, (value, path) => {
    if (!isRecord(value)) fail(path, value, expected);
    const entries = Object.entries(value);
    if (entries.length > max) fail(path, value, expected);
    const out: Record<string, T> = {};
    for (const [k, x] of entries) out[k] = valueValidator.check(x, `${path}.${k}`);
    return out;
  });
}

/** Either of two validators (the first that accepts wins). */
function union<A, B>(a: Validator<A>, b: Validator<B>): Validator<A | B> {
  const expected = `${a.expected} or ${b.expected}`;
  return make(expected, (value, path) => {
    try {
      return a.check(value, path);
    } catch {
      try {
        return b.check(value, path);
      } catch {
        return fail(path, value, expected);
      }
    }
  });
}

/** Marks an object key as optional. */
function optional<T>(inner: Validator<T>): OptionalValidator<T> {
  return {
    expected: `${inner.expected} (optional)`,
    optional: true,
    check: (value, path) => (value === undefined ? undefined : inner.check(value, path)),
  };
}

/** No arguments: `undefined` (or nothing at all). */
function none(): Validator<undefined> {
  return make('no arguments', (value, path) => {
    if (value !== undefined && value !== null) fail(path, value, 'no arguments');
    return undefined;
  });
}

/** The combinators, used as `v.object({ name: v.string({ max: 200 }) })`. */
export const v = {
  string,
  int,
  number,
  boolean,
  literal,
  array,
  object,
  record,
  union,
  optional,
  none,
} as const;
