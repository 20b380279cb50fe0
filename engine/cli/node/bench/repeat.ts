import { intOption, type ParsedArgs } from '../args';

/** `--repeat N` of the benchmarks (default 1): timed phases run N times, figures are medians. */
export function repeatOption(args: ParsedArgs): number {
  return intOption(args, 'repeat', 1, 1, 50);
}

/** The median of a non-empty list (the upper one of an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function isFigures(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field `k` of a figures object. */
function field(r: object, k: string): unknown {
  return (r as Readonly<Record<string, unknown>>)[k];
}

/**
 * One set of figures from the runs of a repeated benchmark: every number is the median of its
 * value over the runs, nested objects likewise; anything else (text, null, lists) is the first
 * run's. All runs must have the same shape (the same code made them).
 */
export function medianFigures<T extends object>(runs: readonly T[]): T {
  const first = runs[0];
  if (first === undefined) throw new Error('medianFigures: no runs');
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(first)) {
    if (typeof v === 'number') {
      const xs = runs.map((r) => field(r, k)).filter((x): x is number => typeof x === 'number');
      out[k] = median(xs);
    } else if (isFigures(v)) {
      out[k] = medianFigures(runs.map((r) => field(r, k)).filter(isFigures));
    } else out[k] = v;
  }
  return out as T;
}

/** The lowest and highest value of each of `keys` over the runs (numbers only). */
export function spreadOf<T extends object>(
  runs: readonly T[],
  keys: readonly (keyof T & string)[],
): Record<string, readonly [number, number]> {
  const out: Record<string, readonly [number, number]> = {};
  for (const k of keys) {
    const xs = runs.map((r) => field(r, k)).filter((x): x is number => typeof x === 'number');
    if (xs.length > 0) out[k] = [Math.min(...xs), Math.max(...xs)];
  }
  return out;
}

/** The figures of a repeated benchmark as printed: see {@link repeatedFigures}. */
export type RepeatedFigures<T extends object> = T & {
  readonly repeat: number;
  readonly spread?: Record<string, readonly [number, number]>;
};

/**
 * What a benchmark prints of its runs: the median figures ({@link medianFigures}), the
 * `repeat` asked for and, when there was more than one run, the `spread` of `rateKeys`.
 */
export function repeatedFigures<T extends object>(
  runs: readonly T[],
  repeat: number,
  rateKeys: readonly (keyof T & string)[],
): RepeatedFigures<T> {
  const medians = medianFigures(runs);
  return runs.length > 1 ? { ...medians, repeat, spread: spreadOf(runs, rateKeys) } : { ...medians, repeat };
}
