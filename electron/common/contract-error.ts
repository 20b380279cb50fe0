import type { ErrorCode } from '../../engine/core/errors';

/**
 * Error codes that cross the IPC boundary: the engine's codes plus the ones only the shell
 * produces (`not-available` for services whose engine part has not landed, `forbidden` for a
 * refused sender, `transport` when the connection itself failed).
 */
export type ContractErrorCode = ErrorCode | 'not-available' | 'forbidden' | 'transport';

const CODES: readonly ContractErrorCode[] = [
  'usage',
  'invalid-argument',
  'not-found',
  'already-exists',
  'bad-input',
  'io',
  'cancelled',
  'internal',
  'not-available',
  'forbidden',
  'transport',
];

/** True when `value` is one of the known error codes. */
export function isContractErrorCode(value: unknown): value is ContractErrorCode {
  return typeof value === 'string' && (CODES as readonly string[]).includes(value);
}

/** An error as it travels over a transport: plain data, no stack. */
export interface WireError {
  readonly code: ContractErrorCode;
  readonly message: string;
}

/** The answer to one call: a result or an error, never both. */
export type Reply<R> =
  { readonly ok: true; readonly result: R } | { readonly ok: false; readonly error: WireError };

/**
 * The error the client side raises for a failed call, and that the contract's validators raise.
 * It carries the stable `code` so the UI can react (e.g. show "not available yet" differently).
 */
export class ContractError extends Error {
  public readonly code: ContractErrorCode;
  constructor(code: ContractErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'ContractError';
  }

  /** Rebuilds the error from its wire form. */
  static fromWire(error: WireError): ContractError {
    return new ContractError(error.code, error.message);
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}
