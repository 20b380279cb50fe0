import type { Cell } from '../../common/dto';

/**
 * Turns a query cell into a JSON-safe value, the same for both transports: BIGINT within 2^53
 * becomes a number (past it, decimal text, so no digit is lost), dates become ISO-8601 text,
 * anything else structured becomes its JSON text.
 */
export function toCell(value: unknown): Cell {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
    case 'undefined':
      return null;
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) return value.toISOString();
      return JSON.stringify(value, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
    case 'symbol':
    case 'function':
      return String(value);
  }
}
