import { exportData } from '../../../lake/node/export';
import { UsageError } from '../args';
import { writeJson, type Command } from '../command';
import { withLake } from '../workspace';

export const exportCommand: Command = {
  name: 'export',
  summary: 'export a dataset or a query to CSV, Parquet or Arrow IPC (by extension), atomically',
  usage: 'export <dataset or "SQL"> --out FILE.{csv,parquet,arrow} [--json]',
  options: { out: { kind: 'string', help: 'output file; the extension picks the format' } },
  async run(args, ctx) {
    const what = args.positionals.join(' ').trim();
    const out = args.strings.get('out');
    if (what === '' || out === undefined)
      throw new UsageError('export: give a dataset name or a query, and --out FILE');
    const result = await withLake(ctx, (lake) => exportData(lake, what, out, ctx.signal));
    if (ctx.json) writeJson(ctx, result);
    else
      ctx.stdout.write(
        `wrote ${result.rows} rows to ${result.path} (${result.format}, ${result.bytes} bytes)\n`,
      );
    return 0;
  },
};
