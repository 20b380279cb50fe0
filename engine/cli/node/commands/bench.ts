import { UsageError } from '../args';
import type { Command } from '../command';
import { runBenchBook } from '../bench/bench-book';
import { runBenchKernel } from '../bench/bench-kernel';
import { runBenchLake } from '../bench/bench-lake';
import { runBenchReplay } from '../bench/bench-replay';

const BENCHES = ['lake', 'replay', 'kernel', 'book'] as const;

export const benchCommand: Command = {
  name: 'bench',
  summary: 'benchmarks: figures as JSON (throughput, peak memory) with their targets',
  usage:
    'bench <lake|replay|kernel> [--rows N] [--seed S] [--repeat N] [--json] | bench book [FILE...] [--repeat N] [--json]',
  options: {
    rows: { kind: 'string', help: 'rows of synthetic data (default 20000000)' },
    seed: { kind: 'string', help: 'seed of the synthetic data (default 42)' },
    repeat: {
      kind: 'string',
      help: 'run the timed phases N times and print medians with their spread (default 1)',
    },
    processors: { kind: 'string', help: 'replay, kernel: processor list (default: the issue-3 list)' },
    reader: {
      kind: 'string',
      help: 'replay: auto (default), inline or thread: where datasets are read and merged',
    },
  },
  async run(args, ctx) {
    const which = args.positionals[0];
    switch (which) {
      case 'lake':
        return runBenchLake(args, ctx);
      case 'replay':
        return runBenchReplay(args, ctx);
      case 'kernel':
        return runBenchKernel(args, ctx);
      case 'book':
        return runBenchBook(args, ctx);
      default:
        throw new UsageError(`bench: received ${JSON.stringify(which ?? '')}, allowed ${BENCHES.join(', ')}`);
    }
  },
};
