import { TickbenchError } from '../../core/errors';

/** How one option of a command takes its value. `list` takes every following non-option token. */
export type OptionKind = 'string' | 'boolean' | 'list';

export interface OptionSpec {
  readonly kind: OptionKind;
  readonly help: string;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly strings: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
}

/** Raised for bad command lines: the CLI exits with code 2. */
export class UsageError extends TickbenchError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/**
 * Parses `argv` against option specs. Options may repeat (`--param a=1 --param b=2`); list
 * options also take several values at once (`--dataset a b`). `--opt=value` is accepted.
 */
export function parseArgs(argv: readonly string[], specs: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  const positionals: string[] = [];
  const strings = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const flags = new Set<string>();
  let i = 0;
  while (i < argv.length) {
    const token = argv[i] ?? '';
    i += 1;
    if (!token.startsWith('--') || token === '--') {
      positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq >= 0 ? token.slice(2, eq) : token.slice(2);
    const inline = eq >= 0 ? token.slice(eq + 1) : undefined;
    const spec = specs[name];
    if (spec === undefined) {
      const known = Object.keys(specs).map((k) => `--${k}`);
      throw new UsageError(
        `unknown option --${name}; allowed: ${known.length > 0 ? known.join(', ') : 'none'}`,
      );
    }
    switch (spec.kind) {
      case 'boolean':
        if (inline !== undefined) throw new UsageError(`option --${name} takes no value`);
        flags.add(name);
        break;
      case 'string': {
        const value = inline ?? argv[i];
        if (value === undefined || (inline === undefined && value.startsWith('--'))) {
          throw new UsageError(`option --${name} needs a value`);
        }
        if (inline === undefined) i += 1;
        strings.set(name, value);
        break;
      }
      case 'list': {
        const values = lists.get(name) ?? [];
        if (inline !== undefined) values.push(inline);
        else {
          while (i < argv.length && !(argv[i] ?? '').startsWith('--')) {
            values.push(argv[i] ?? '');
            i += 1;
          }
        }
        if (values.length === 0) throw new UsageError(`option --${name} needs at least one value`);
        lists.set(name, values);
        break;
      }
    }
  }
  return { positionals, strings, lists, flags };
}

/** An integer option, validated against a range. */
export function intOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = args.strings.get(name);
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(
      `--${name}: received ${JSON.stringify(text)}, allowed an integer in [${min}, ${max}]`,
    );
  }
  return value;
}

/** A positive number option (accepts decimals). */
export function numberOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = args.strings.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name}: received ${JSON.stringify(text)}, allowed a number in [${min}, ${max}]`);
  }
  return value;
}

/** An option that takes one of `allowed` (the first is the default). */
export function choiceOption<T extends string>(
  args: ParsedArgs,
  name: string,
  allowed: readonly [T, ...T[]],
): T {
  const text = args.strings.get(name);
  if (text === undefined) return allowed[0];
  const found = allowed.find((a) => a === text);
  if (found === undefined)
    throw new UsageError(`--${name}: received ${JSON.stringify(text)}, allowed ${allowed.join(' or ')}`);
  return found;
}
