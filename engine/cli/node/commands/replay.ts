import { getHeapStatistics } from 'node:v8';
import { errorMessage } from '../../../core/errors';
import { parseTimeArg } from '../../../core/time';
import { DEFAULT_REPLAY_PROCESSORS, parseProcessorList } from '../../../kernel/processor-registry';
import { columnsReadBy } from '../../../kernel/columns-read';
import { openDatasetSource } from '../../../lake/node/reader';
import { readerOptions, type ReaderChoice } from '../../../lake/node/worker-source';
import type { EventSource } from '../../../model/events';
import { NodePacer } from '../../../replay/node/node-pacer';
import { SeriesOutput, seriesFormatOf } from '../../../replay/node/series-writer';
import { validateSpeed, type ReplaySpeed } from '../../../replay/replay-controller';
import { runReplay, type ReplaySummary } from '../../../replay/run-replay';
import { createFnvRows } from '../../../replay/node/wasm-series-fnv';
import { createProcessorImpls } from '../../../kernel/node/wasm-trade-processors';
import { choiceOption, UsageError, type ParsedArgs } from '../args';
import { writeJson, type Command, type CommandContext } from '../command';
import { progressPrinter } from '../progress';
import { withLake } from '../workspace';

/** Processors run when `--processors` is not given. */

/** Breach events listed verbatim in the summary (all are counted). */
const BREACHES_LISTED = 100;

interface ReplayArgs {
  readonly datasets: readonly string[];
  readonly fromUs: number | undefined;
  readonly toUs: number | undefined;
  readonly speed: ReplaySpeed;
  readonly processors: string;
  readonly out: string | undefined;
  /** Where datasets are read and merged: on the kernel's thread, or on a worker thread. */
  readonly reader: ReaderChoice;
}

function usageFrom<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${what}: ${errorMessage(error)}`);
  }
}

function parseReplayArgs(args: ParsedArgs): ReplayArgs {
  const datasets = [...(args.lists.get('dataset') ?? []), ...args.positionals];
  if (datasets.length === 0) throw new UsageError('replay: give one or more datasets with --dataset D...');
  const time = (name: string): number | undefined => {
    const text = args.strings.get(name);
    return text === undefined ? undefined : usageFrom(`--${name}`, () => parseTimeArg(text));
  };
  const fromUs = time('from');
  const toUs = time('to');
  if (fromUs !== undefined && toUs !== undefined && toUs <= fromUs)
    throw new UsageError(`--to must be after --from (received ${fromUs} and ${toUs} µs)`);
  const speedText = args.strings.get('speed') ?? 'max';
  const speed = usageFrom('--speed', () => validateSpeed(speedText === 'max' ? 'max' : Number(speedText)));
  const processors = args.strings.get('processors') ?? DEFAULT_REPLAY_PROCESSORS;
  parseProcessorList(processors); // a usage error names the bad item and lists what is allowed
  const out = args.strings.get('out');
  if (out !== undefined) seriesFormatOf(out);
  const reader = choiceOption(args, 'reader', ['auto', 'inline', 'thread']);
  return { datasets, fromUs, toUs, speed, processors, out, reader };
}

/** Hides the cancel signal from the reader: the replay stops between batches, with a summary. */
function uncancellable(source: EventSource): EventSource {
  return { streams: source.streams, totalEvents: source.totalEvents, batches: () => source.batches() };
}

/** The `--json` summary of a replay. */
export function replayReport(
  s: ReplaySummary,
  a: ReplayArgs,
  source: EventSource,
  out: { path: string; format: string; bytes: number } | null,
): Record<string, unknown> {
  const datasetOf = new Map(source.streams.map((st) => [st.id, st.source]));
  const bookHashes: Record<string, string> = {};
  for (const b of s.books) bookHashes[datasetOf.get(b.streamId) ?? `${b.venue}:${b.symbol}`] = b.hash;
  const countsPerProcessor: Record<string, number> = {};
  for (const p of s.processors) countsPerProcessor[p.processor] = p.emitted;
  return {
    status: s.status,
    datasets: a.datasets,
    processorList: a.processors,
    speed: a.speed,
    events: s.events,
    eventsByKind: s.eventsByKind,
    eventsPerS: s.wallMs > 0 ? Math.round(s.events / (s.wallMs / 1000)) : null,
    wallMs: Math.round(s.wallMs),
    firstTsUs: Number.isFinite(s.firstTsUs) ? s.firstTsUs : null,
    lastTsUs: Number.isFinite(s.lastTsUs) ? s.lastTsUs : null,
    countsPerProcessor,
    processors: s.processors,
    breaches: s.breaches,
    breachEvents: s.breachEvents.slice(0, BREACHES_LISTED),
    bookInvalidEvents: s.bookInvalidEvents.length,
    bookHashes,
    books: s.books,
    metrics: s.monitor,
    outputHash: s.outputHash,
    outputRows: s.outputRows,
    out,
  };
}

function printHuman(ctx: CommandContext, r: Record<string, unknown>, s: ReplaySummary): void {
  const w = (k: string, v: unknown): void => {
    ctx.stdout.write(`${k.padEnd(14)} ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
  };
  w('status', s.status);
  w('events', s.events);
  w('events/s', r.eventsPerS);
  w('wall ms', r.wallMs);
  for (const p of s.processors)
    w(`  ${p.processor}`, `${p.emitted} values, ${p.errors} errors, p99 ${p.latencyP99Us.toFixed(2)} µs`);
  w('breaches', s.breaches);
  for (const [k, v] of Object.entries(r.bookHashes as Record<string, string>)) w(`  book ${k}`, v);
  w('output hash', s.outputHash);
  w('output rows', s.outputRows);
  if (r.out !== null) w('out', r.out);
}

async function replay(a: ReplayArgs, ctx: CommandContext): Promise<number> {
  const output = a.out === undefined ? undefined : new SeriesOutput(a.out);
  const pacer = new NodePacer();
  const progress = progressPrinter(ctx);
  const heapLimit = getHeapStatistics().heap_size_limit;
  try {
    return await withLake(ctx, async (lake) => {
      const source = await openDatasetSource(lake, a.datasets, {
        fromUs: a.fromUs,
        toUs: a.toUs,
        // Only the columns the processors read come out of the lake.
        columns: columnsReadBy(a.processors),
        ...readerOptions(a.reader),
      });
      let summary: ReplaySummary;
      try {
        summary = await runReplay({
          source: uncancellable(source),
          processors: a.processors,
          speed: a.speed,
          pacer,
          signal: ctx.signal,
          sinks: output === undefined ? [] : [output],
          fnvRows: () => createFnvRows(),
          processorImpls: createProcessorImpls,
          hrNowMs: () => pacer.nowMs(),
          memoryFraction: () => process.memoryUsage().heapUsed / heapLimit,
          progressEveryEvents: 250_000,
          ...(progress === undefined
            ? {}
            : {
                onProgress: (p) => {
                  progress({ phase: `replay ${p.events} events`, done: p.events, total: p.totalEvents });
                },
              }),
        });
      } finally {
        await source.close();
      }
      if (progress !== undefined) ctx.stderr.write('\n');
      let out: { path: string; format: string; bytes: number } | null = null;
      if (output !== undefined && summary.status === 'done') {
        const bytes = await lake.withConnection((conn) => output.commit(conn));
        out = { path: output.path, format: seriesFormatOf(output.path), bytes };
      }
      const report = replayReport(summary, a, source, out);
      if (ctx.json) writeJson(ctx, report);
      else printHuman(ctx, report, summary);
      if (summary.status === 'stopped') {
        ctx.stderr.write(
          `tickbench replay: stopped after ${summary.events} events; ${a.out === undefined ? '' : 'no output written; '}the summary is partial\n`,
        );
        return 1;
      }
      return 0;
    });
  } finally {
    // A no-op after a commit; otherwise a stopped or failed run leaves no file behind.
    output?.discard();
  }
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay datasets through signal and risk processors (summary JSON; series to CSV or Parquet)',
  usage:
    'replay --dataset D... [--from T] [--to T] [--speed max|N] [--processors LIST] [--out FILE.{csv,parquet}] [--json]',
  options: {
    dataset: { kind: 'list', help: 'datasets to replay, merged by receive time (else exchange time)' },
    from: {
      kind: 'string',
      help: 'start, inclusive: ISO-8601 (UTC unless an offset is given) or epoch s/ms/µs/ns',
    },
    to: { kind: 'string', help: 'end, exclusive: same forms as --from' },
    speed: { kind: 'string', help: "'max' (default) or a multiple of real time in [0.1, 1000]" },
    processors: {
      kind: 'string',
      help: `processor list, e.g. sma:20,ema:50,bbo,var:1000 (default ${DEFAULT_REPLAY_PROCESSORS}; see docs/processors.md)`,
    },
    out: {
      kind: 'string',
      help: 'write the emitted series (ts_us,processor,venue,symbol,name,value) to .csv or .parquet',
    },
    reader: {
      kind: 'string',
      help: "'auto' (default: a worker thread from 1M events), 'inline' or 'thread': where datasets are read and merged (same output)",
    },
  },
  run(args, ctx) {
    return replay(parseReplayArgs(args), ctx);
  },
};
