import { errorMessage, TickbenchError } from '../../../core/errors';
import { formatTsUs } from '../../../core/time';
import { isDataKind } from '../../../model/kinds';
import { IMPORT_FORMATS, type DatasetInfo, type ImportFormat } from '../../../lake/node/lake-types';
import { numberOption, UsageError } from '../args';
import { writeJson, type Command } from '../command';
import { progressPrinter } from '../progress';
import { withLake } from '../workspace';

/** The quality summary as people read it. */
export function qualityText(d: DatasetInfo): string {
  const q = d.quality;
  const lines = [
    `${d.name}  (${d.kind} ${d.venue} ${d.symbol})`,
    `  rows read ${q.rowsRead} = accepted ${q.accepted} + rejected ${q.rejected} + duplicates ${q.duplicates}`,
  ];
  if (d.firstTsUs !== null && d.lastTsUs !== null)
    lines.push(`  span ${formatTsUs(d.firstTsUs)} .. ${formatTsUs(d.lastTsUs)}`);
  const reasons = Object.entries(q.rejectReasons);
  if (reasons.length > 0) lines.push(`  rejected: ${reasons.map(([r, n]) => `${r} ${n}`).join(', ')}`);
  lines.push(`  out of order ${q.outOfOrder} (sorted); gaps > ${q.gapThresholdS} s: ${q.gapCount}`);
  const units = Object.entries(q.timestampUnits);
  if (units.length > 0) lines.push(`  timestamp units: ${units.map(([c, u]) => `${c}=${u}`).join(', ')}`);
  if (q.feedLatency !== null) {
    const l = q.feedLatency;
    lines.push(
      `  feed latency (local - exchange) µs: min ${l.minUs} p50 ${l.p50Us} p99 ${Math.round(l.p99Us)} max ${l.maxUs}`,
    );
  }
  return lines.join('\n');
}

function parseMapping(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of (values ?? []).flatMap((x) => x.split(','))) {
    const [target, source] = v.split('=');
    if (target === undefined || source === undefined || target === '' || source === '') {
      throw new UsageError(`--map ${JSON.stringify(v)}: allowed target=source, e.g. ts_us=time`);
    }
    out[target.trim()] = source.trim();
  }
  return out;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import files (gzip ok) into the lake, with data-quality checks',
  usage:
    'import PATH... [--format F] [--venue V] [--symbol S] [--dataset NAME] [--kind K] [--map target=source,...] [--gap-threshold-s N] [--json]',
  options: {
    format: { kind: 'string', help: `one of ${IMPORT_FORMATS.join(', ')} (default: detected)` },
    venue: { kind: 'string', help: 'venue name to store (overrides the file)' },
    symbol: { kind: 'string', help: 'symbol to store (overrides the file)' },
    dataset: { kind: 'string', help: 'dataset name (prefix when several datasets are created)' },
    kind: {
      kind: 'string',
      help: 'for generic csv/parquet/arrow: trades, quotes, book or bars (default: from the columns)',
    },
    map: { kind: 'list', help: 'for generic files: column mapping target=source (e.g. ts_us=time,size=qty)' },
    'gap-threshold-s': { kind: 'string', help: 'list gaps longer than this many seconds (default 60)' },
  },
  async run(args, ctx) {
    if (args.positionals.length === 0) throw new UsageError('import: give one or more files');
    const format = args.strings.get('format');
    if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format ${JSON.stringify(format)}: allowed ${IMPORT_FORMATS.join(', ')}`);
    }
    const kind = args.strings.get('kind');
    if (kind !== undefined && !isDataKind(kind))
      throw new UsageError(`--kind ${JSON.stringify(kind)}: allowed trades, quotes, book, bars`);
    const onProgress = progressPrinter(ctx);
    const opt = <T>(v: T | undefined): T | undefined => v;
    try {
      const result = await withLake(ctx, (lake) =>
        lake.importFiles(args.positionals, {
          ...(format !== undefined ? { format: format as ImportFormat } : {}),
          ...(opt(args.strings.get('venue')) !== undefined ? { venue: args.strings.get('venue') ?? '' } : {}),
          ...(opt(args.strings.get('symbol')) !== undefined
            ? { symbol: args.strings.get('symbol') ?? '' }
            : {}),
          ...(opt(args.strings.get('dataset')) !== undefined
            ? { dataset: args.strings.get('dataset') ?? '' }
            : {}),
          ...(kind !== undefined && isDataKind(kind) ? { kind } : {}),
          mapping: parseMapping(args.lists.get('map')),
          gapThresholdS: numberOption(args, 'gap-threshold-s', 60, 0.001, 1e9),
          ...(onProgress !== undefined ? { onProgress } : {}),
          signal: ctx.signal,
        }),
      );
      if (onProgress !== undefined) ctx.stderr.write('\r\x1b[K');
      if (ctx.json) {
        // DatasetInfo lists the CLI contract fields first (name … lastTsUs), then the details.
        writeJson(ctx, { datasets: result.datasets, skipped: result.skipped, files: result.files });
      } else {
        for (const d of result.datasets) ctx.stdout.write(`${qualityText(d)}\n`);
        for (const f of result.files) {
          if (f.ignoredMessages > 0) {
            ctx.stdout.write(
              `${f.path}: ${f.ignoredMessages} message(s) of types Tickbench does not import were ignored (e.g. REST depth snapshots)\n`,
            );
          }
        }
        for (const s of result.skipped) {
          ctx.stdout.write(
            `skipped ${s.path}: already imported (sha256 ${s.sha256.slice(0, 12)}…) as ${s.datasets.join(', ')}\n`,
          );
        }
        if (result.datasets.length === 0 && result.skipped.length === 0)
          ctx.stdout.write('nothing imported\n');
      }
      return 0;
    } catch (error) {
      if (error instanceof TickbenchError && error.code === 'cancelled') {
        throw new TickbenchError('cancelled', 'import was cancelled; nothing was stored');
      }
      throw error instanceof TickbenchError ? error : new TickbenchError('internal', errorMessage(error));
    }
  },
};
