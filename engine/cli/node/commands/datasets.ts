import { formatTsUs } from '../../../core/time';
import { writeJson, type Command } from '../command';
import { renderTable } from '../table';
import { withLake } from '../workspace';

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'list datasets with kind, venue, symbol, rows, time span and quality',
  usage: 'datasets [--json]',
  options: {},
  async run(_args, ctx) {
    const datasets = await withLake(ctx, (lake) => lake.listDatasets());
    if (ctx.json) {
      writeJson(ctx, { datasets });
      return 0;
    }
    const span = (t: number | null): string => (t === null ? '' : formatTsUs(t).slice(0, 19));
    ctx.stdout.write(
      `${renderTable(
        ['name', 'kind', 'venue', 'symbol', 'rows', 'rejected', 'dups', 'from', 'to'],
        datasets.map((d) => [
          d.name,
          d.kind,
          d.venue,
          d.symbol,
          d.rows,
          d.rejected,
          d.duplicates,
          span(d.firstTsUs),
          span(d.lastTsUs),
        ]),
      )}\n`,
    );
    return 0;
  },
};
