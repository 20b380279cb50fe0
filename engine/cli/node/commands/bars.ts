import { buildBars, parseIntervalS } from '../../../lake/node/bars';
import { UsageError } from '../args';
import { writeJson, type Command } from '../command';
import { withLake } from '../workspace';
import { qualityText } from './import';

export const barsCommand: Command = {
  name: 'bars',
  summary: 'OHLCV bars (with trade counts) from a trades dataset, stored as a bars dataset',
  usage: 'bars --dataset D --interval 1m [--name NAME] [--json]',
  options: {
    dataset: { kind: 'string', help: 'the trades dataset' },
    interval: { kind: 'string', help: 'bar length: 1s, 5m, 1h, 1d or seconds' },
    name: { kind: 'string', help: 'name of the new dataset (default <dataset>.bars-<interval>)' },
  },
  async run(args, ctx) {
    const dataset = args.strings.get('dataset');
    const interval = args.strings.get('interval');
    if (dataset === undefined || interval === undefined)
      throw new UsageError('bars: give --dataset D and --interval like 1m');
    const seconds = parseIntervalS(interval);
    const info = await withLake(ctx, (lake) => buildBars(lake, dataset, seconds, args.strings.get('name')));
    if (ctx.json) writeJson(ctx, info);
    else ctx.stdout.write(`${qualityText(info)}\n`);
    return 0;
  },
};
