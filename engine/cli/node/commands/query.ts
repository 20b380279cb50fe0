import { UsageError, intOption } from '../args';
import { writeJson, type Command } from '../command';
import { renderCsv, renderTable } from '../table';
import { withLake } from '../workspace';

export const queryCommand: Command = {
  name: 'query',
  summary: 'SQL over the views trades, quotes, book, bars and the catalog tables',
  usage: 'query "SQL" [--csv] [--limit N] [--json]',
  options: {
    csv: { kind: 'boolean', help: 'print CSV' },
    limit: { kind: 'string', help: 'at most N rows (default: all for --json/--csv, 1000 for tables)' },
  },
  async run(args, ctx) {
    const sql = args.positionals.join(' ').trim();
    if (sql === '')
      throw new UsageError('query: give a SQL statement, e.g. tickbench query "SELECT count(*) FROM trades"');
    const forPeople = !ctx.json && !args.flags.has('csv');
    const limit = intOption(
      args,
      'limit',
      forPeople ? 1000 : Number.MAX_SAFE_INTEGER,
      0,
      Number.MAX_SAFE_INTEGER,
    );
    const result = await withLake(ctx, (lake) => lake.query(sql, { limit }));
    if (ctx.json) writeJson(ctx, { columns: result.columns, rows: result.rows });
    else if (args.flags.has('csv')) ctx.stdout.write(`${renderCsv(result.columns, result.rows)}\n`);
    else {
      ctx.stdout.write(`${renderTable(result.columns, result.rows)}\n`);
      ctx.stdout.write(
        `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.truncated ? `, cut at --limit ${limit}` : ''})\n`,
      );
    }
    return 0;
  },
};
