import type { DataKind } from '../../../model/kinds';
import type { BlockPlan, ParsedBlock } from './block-scan';
import type { ImportFormat } from '../lake-types';
import type { StagingArea } from '../staging';

/** What a format parser writes to: one staging area per kind it produces. */
export interface ParseTarget {
  staging(kind: DataKind): StagingArea;
  /** Venue and symbol given on the command line (they override what the file says). */
  readonly venue: string | undefined;
  readonly symbol: string | undefined;
  /** The file's base name, for venue/symbol hints (Binance dumps name the symbol only there). */
  readonly fileName: string;
  /** Column mapping for generic formats: target column → source column. */
  readonly mapping: Readonly<Record<string, string>>;
  /** Kind for generic formats. */
  readonly kind: DataKind | undefined;
}

/** A streaming parser for one file: called once per line (1-based), then `end`. */
export interface LineParser {
  readonly format: ImportFormat;
  onLine(buf: Buffer, start: number, end: number, line: number): void;
  /** Called after the last line; throws when the file held no data rows. */
  end(lines: number): void;
  /** Messages that were valid but of a type Tickbench does not import (e.g. `aggTrade` in a WS capture). */
  readonly ignored: number;
}

/** A line parser that can also stage blocks of lines scanned by parse workers (see `BlockScanner`). */
export interface BlockLineParser extends LineParser {
  /** The plan of this file's plain lines, once the header is read; undefined: no block path. */
  blockPlan(): BlockPlan | undefined;
  /** Stages a scanned block whose first line is line `firstLine`, as `onLine` on each line would. */
  onBlock(buf: Buffer, block: ParsedBlock, firstLine: number): void;
}

/** True when the parser has the block path. */
export function isBlockLineParser(p: LineParser): p is BlockLineParser {
  return 'blockPlan' in p && 'onBlock' in p;
}
