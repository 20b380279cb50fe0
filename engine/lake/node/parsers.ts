import { TickbenchError } from '../../core/errors';
import type { ImportFormat } from './lake-types';
import { BinanceAggTradesParser, BinanceKlinesParser, BinanceTradesParser } from './formats/binance-csv';
import { BinanceWsParser } from './formats/binance-ws';
import { GenericCsvParser } from './formats/generic';
import type { LineParser, ParseTarget } from './formats/parser';
import { TardisQuotesParser, TardisTradesParser } from './formats/tardis';
import { TardisBookSnapshotParser, TardisIncrementalBookParser } from './formats/tardis-book';

/** The line parser for a text format (Parquet and Arrow are read as tables instead). */
export function lineParserFor(format: ImportFormat, target: ParseTarget): LineParser {
  switch (format) {
    case 'binance-ws':
      return new BinanceWsParser(target);
    case 'binance-trades':
      return new BinanceTradesParser(target);
    case 'binance-aggtrades':
      return new BinanceAggTradesParser(target);
    case 'binance-klines':
      return new BinanceKlinesParser(target);
    case 'tardis-trades':
      return new TardisTradesParser(target);
    case 'tardis-quotes':
      return new TardisQuotesParser(target);
    case 'tardis-book-snapshot':
      return new TardisBookSnapshotParser(target);
    case 'tardis-incremental-book':
      return new TardisIncrementalBookParser(target);
    case 'csv':
      return new GenericCsvParser(target);
    case 'parquet':
    case 'arrow':
      throw new TickbenchError('internal', `${format} is a table format, not a line format`);
  }
}
