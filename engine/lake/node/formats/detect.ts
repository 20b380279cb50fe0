import { openSync, readSync, closeSync } from 'node:fs';
import { basename } from 'node:path';
import { TickbenchError } from '../../../core/errors';
import type { ImportFormat } from '../lake-types';
import { readHead } from '../line-reader';

/**
 * Detects a file's format from its first bytes and lines (never from its name alone:
 * names are hints for Binance dumps, whose columns carry no names).
 */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const magic = Buffer.alloc(8);
  const fd = openSync(path, 'r');
  let n = 0;
  try {
    n = readSync(fd, magic, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  const name = basename(path);
  if (n === 0) throw new TickbenchError('bad-input', `${path}: empty file (0 bytes)`);
  if (magic.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (magic.subarray(0, 6).toString('latin1') === 'ARROW1') return 'arrow';
  const head = await readHead(path, 3);
  const first = head[0] ?? '';
  if (first === '') throw new TickbenchError('bad-input', `${path}: empty file (no lines)`);
  if (/^\d{10,19} \{/.test(first)) return 'binance-ws';
  const cols = first.split(',').map((c) => c.trim().toLowerCase());
  const has = (...names: string[]): boolean => names.every((c) => cols.includes(c));
  if (has('exchange', 'symbol', 'timestamp', 'local_timestamp')) {
    if (has('id', 'side', 'price', 'amount')) return 'tardis-trades';
    if (has('ask_amount', 'ask_price', 'bid_price', 'bid_amount')) return 'tardis-quotes';
    if (has('asks[0].price')) return 'tardis-book-snapshot';
    if (has('is_snapshot', 'side', 'price', 'amount')) return 'tardis-incremental-book';
  }
  if (has('agg_trade_id')) return 'binance-aggtrades';
  if (has('open_time', 'open', 'high', 'low', 'close', 'close_time')) return 'binance-klines';
  if (has('id', 'price', 'qty', 'time', 'is_buyer_maker')) return 'binance-trades';
  // Headerless Binance dumps: recognise by field count and content.
  if (/^\d/.test(first)) {
    const f = first.split(',');
    const bool = (s: string | undefined): boolean => /^(true|false)$/i.test(s ?? '');
    if (f.length === 12) return 'binance-klines';
    if (f.length === 8 && bool(f[6])) return 'binance-aggtrades';
    if ((f.length === 7 || f.length === 6) && bool(f[5])) return 'binance-trades';
    if (/aggtrades/i.test(name)) return 'binance-aggtrades';
    if (/trades/i.test(name)) return 'binance-trades';
    throw new TickbenchError(
      'bad-input',
      `${path}: cannot detect the format of a headerless CSV with ${f.length} fields; pass --format`,
    );
  }
  if (cols.length > 1) return 'csv';
  throw new TickbenchError(
    'bad-input',
    `${path}: unknown format (first line ${JSON.stringify(first.slice(0, 80))}); pass --format`,
  );
}
