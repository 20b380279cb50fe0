/**
 * Errors that say what was received and what is allowed. Every error thrown across a layer
 * boundary is a `TickbenchError` with a stable `code`, so the CLI and the UI can react to it.
 */
export type ErrorCode =
  | 'usage'
  | 'invalid-argument'
  | 'not-found'
  | 'already-exists'
  | 'bad-input'
  | 'io'
  | 'cancelled'
  | 'internal';

export class TickbenchError extends Error {
  public readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'TickbenchError';
  }
}

/** Thrown when a long job is cancelled through its `AbortSignal`. */
export class CancelledError extends TickbenchError {
  constructor(what: string) {
    super('cancelled', `${what} was cancelled`);
    this.name = 'CancelledError';
  }
}

/** Formats a value for an error message: short, and unambiguous about its type. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) return `array(${value.length})`;
  return typeof value;
}

/** Throws an `invalid-argument` error naming the argument, what was received and what is allowed. */
export function invalidArgument(name: string, received: unknown, allowed: string): never {
  throw new TickbenchError('invalid-argument', `${name}: received ${describe(received)}, allowed ${allowed}`);
}

/** Compile-time exhaustiveness check for switches over unions. */
export function assertNever(value: never, what: string): never {
  throw new TickbenchError('internal', `unexpected ${what}: ${describe(value)}`);
}

/** The message of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
