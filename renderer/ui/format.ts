import type { Cell } from '@contract/dto';

/** µs since the epoch → `YYYY-MM-DD HH:MM:SS.mmm` UTC. */
export function formatTsUs(tsUs: number | null): string {
  if (tsUs === null) return '—';
  return new Date(Math.floor(tsUs / 1000)).toISOString().replace('T', ' ').replace('Z', '');
}

export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatCell(c: Cell): string {
  if (c === null) return 'NULL';
  return typeof c === 'number' ? String(c) : typeof c === 'boolean' ? (c ? 'true' : 'false') : c;
}

export function errorText(error: unknown): string {
  if (error instanceof Error)
    return 'code' in error && typeof error.code === 'string'
      ? `${error.code}: ${error.message}`
      : error.message;
  return String(error);
}
