import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { L2Book } from '../../../book/l2-book';
import { TickbenchError } from '../../../core/errors';
import { Lake } from '../../../lake/node/lake';
import { openDatasetSource } from '../../../lake/node/reader';
import { readerOptions } from '../../../lake/node/worker-source';
import { copyBatch } from '../../../model/batch-layout';
import { createEventBatch, type EventBatch } from '../../../model/events';
import type { ParsedArgs } from '../args';
import type { CommandContext } from '../command';
import { demoDir } from '../workspace';
import { writeFigures } from './bench-output';
import { cpuNsPerRow, cpuUs } from './cpu-time';
import { probeHost } from './host-probe';
import { repeatedFigures, repeatOption } from './repeat';
import { mb, RssSampler } from './rss-sampler';

/** One book dataset's rows, held in memory so that only the book work is timed. */
interface BookRows {
  readonly name: string;
  readonly batches: readonly EventBatch[];
  readonly rows: number;
}

/** The capture files of the demo folder: the default input. */
function demoCaptures(): string[] {
  const dir = demoDir();
  if (dir === undefined) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl.gz') || f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

async function loadBooks(lake: Lake): Promise<BookRows[]> {
  const names = (await lake.listDatasets())
    .filter((d) => d.kind === 'book')
    .map((d) => d.name)
    .sort();
  const out: BookRows[] = [];
  for (const name of names) {
    const source = await openDatasetSource(lake, [name], readerOptions('inline'));
    const batches: EventBatch[] = [];
    let rows = 0;
    try {
      for await (const b of source.batches()) {
        // The reader reuses its batch: keep a copy.
        const copy = createEventBatch(b.length);
        copyBatch(b, copy);
        batches.push(copy);
        rows += b.length;
      }
    } finally {
      await source.close();
    }
    out.push({ name, batches, rows });
  }
  return out;
}

/** One timed pass: every dataset's rows applied to a fresh book. */
function applyAll(books: readonly BookRows[]) {
  let rows = 0;
  let ms = 0;
  let cpu = 0;
  let maxLevels = 0;
  let farLevels = 0;
  let sortedSides = 0;
  const hashes: Record<string, string> = {};
  for (const { name, batches, rows: n } of books) {
    const book = new L2Book();
    const t0 = performance.now();
    const c0 = cpuUs();
    for (const b of batches) for (let i = 0; i < b.length; i++) book.applyBatchRow(b, i);
    ms += performance.now() - t0;
    cpu += cpuUs() - c0;
    rows += n;
    hashes[name] = book.hash();
    for (const side of [book.bids, book.asks]) {
      maxLevels = Math.max(maxLevels, side.levels);
      farLevels += side.farLevels;
      if (side.isSorted) sortedSides++;
    }
  }
  return {
    rows,
    rowsPerS: Math.round(rows / (ms / 1000)),
    nsPerRow: Math.round(((ms * 1e6) / Math.max(1, rows)) * 10) / 10,
    cpuNsPerRow: cpuNsPerRow(cpu, rows),
    maxLevelsPerSide: maxLevels,
    farLevels,
    sortedSides,
    bookHashes: hashes,
  };
}

/**
 * `tickbench bench book [FILE...]`: imports Binance WebSocket captures (default: the demo
 * folder's; e.g. `test/fixtures/binance-ws/*.gz` for all 14) into a temporary workspace, reads
 * every book dataset into memory, then times applying its rows to an `L2Book` (one book per
 * dataset, as replay keeps one per stream). Prints rows, rows/s, ns and CPU ns per row, the
 * deepest side, the levels kept beside the tick ladder (`farLevels`), sides that fell back to
 * sorted arrays, every book's hash and peak RSS; `--repeat N` prints medians with the spread.
 * An untimed first pass warms the JIT up.
 */
export async function runBenchBook(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  const files = args.positionals.slice(1).map((f) => resolve(f));
  const inputs = files.length > 0 ? files : demoCaptures();
  if (inputs.length === 0) {
    throw new TickbenchError(
      'invalid-argument',
      'bench book: no capture files given and no demo folder found',
    );
  }
  for (const f of inputs) {
    if (!existsSync(f)) throw new TickbenchError('invalid-argument', `bench book: ${f} does not exist`);
  }
  const repeat = repeatOption(args);
  const dir = mkdtempSync(join(tmpdir(), 'tickbench-bench-book-'));
  const rss = new RssSampler(100);
  try {
    const lake = await Lake.open(join(dir, 'ws'));
    let books: BookRows[];
    try {
      if (!ctx.json) ctx.stderr.write(`importing ${inputs.length} file(s)…\n`);
      await lake.importFiles(inputs);
      books = await loadBooks(lake);
    } finally {
      await lake.close();
    }
    if (books.length === 0)
      throw new TickbenchError('invalid-argument', 'bench book: the files hold no book rows');
    if (!ctx.json) ctx.stderr.write(`applying the rows of ${books.length} book dataset(s)…\n`);
    const before = await probeHost();
    applyAll(books); // warms the JIT up: on the small demo capture the first pass is mostly that
    const runs = Array.from({ length: repeat }, () => applyAll(books));
    writeFigures(
      ctx,
      {
        files: inputs.length,
        datasets: books.length,
        ...repeatedFigures(runs, repeat, ['rowsPerS']),
        peakRssMb: mb(rss.peakBytes),
        host: { before, after: await probeHost() },
      },
      16,
    );
    return 0;
  } finally {
    rss.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
