// `tickbench bench kernel`, in process: the output shape on a few batches, and the synthetic
// trades it replays (deterministic per seed, shaped like the replay benchmark's).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../../../engine/cli/node/args';
import { runBenchKernel, SyntheticTrades } from '../../../../../engine/cli/node/bench/bench-kernel';
import { BENCH_REPLAY_PROCESSORS } from '../../../../../engine/cli/node/bench/bench-replay';
import type { CommandContext } from '../../../../../engine/cli/node/command';
import { benchCommand } from '../../../../../engine/cli/node/commands/bench';
import { createEventBatch, EventKind } from '../../../../../engine/model/events';

async function bench(argv: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const ctx: CommandContext = {
    workspace: '',
    defaultWorkspace: true,
    json: true,
    stdout,
    stderr: new PassThrough(),
    signal: new AbortController().signal,
  };
  const code = await runBenchKernel(parseArgs(['kernel', ...argv], benchCommand.options), ctx);
  return { code, out };
}

describe('bench kernel', () => {
  it('prints one JSON object: rows, events/s, ns/event, peak RSS, the processor list', async () => {
    const { code, out } = await bench(['--rows', '20000']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as Record<string, unknown>;
    expect(r).toMatchObject({ rows: 20_000, processors: BENCH_REPLAY_PROCESSORS });
    for (const k of ['eventsPerS', 'nsPerEvent', 'peakRssMb', 'valuesEmitted'])
      expect(r[k], k).toBeGreaterThan(0);
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it('takes --processors and refuses a bad list', async () => {
    const r = JSON.parse((await bench(['--rows', '5000', '--processors', 'sma:10'])).out) as {
      valuesEmitted: number;
    };
    // 10 symbols round-robin: 500 trades each, a value from the 10th on.
    expect(r.valuesEmitted).toBe(10 * (500 - 9));
    await expect(bench(['--processors', 'nope:1'])).rejects.toMatchObject({ code: 'usage' });
    await expect(bench(['--rows', '0'])).rejects.toThrow(UsageError);
  });

  it('synthetic trades: the same per seed, 10 symbols round-robin, time increasing', () => {
    const a = createEventBatch(1000);
    const b = createEventBatch(1000);
    new SyntheticTrades(7).fill(a, 1000);
    new SyntheticTrades(7).fill(b, 1000);
    expect(Array.from(b.a)).toEqual(Array.from(a.a));
    expect(a.length).toBe(1000);
    for (let i = 0; i < 1000; i++) {
      expect(a.kind[i]).toBe(EventKind.Trade);
      expect(a.stream[i]).toBe(i % 10);
      expect(a.c[i] === 1 || a.c[i] === -1).toBe(true);
      expect(a.b[i]).toBeGreaterThan(0);
      if (i > 0) expect(a.tsUs[i]).toBeGreaterThan(a.tsUs[i - 1] as number);
      expect((a.localTsUs[i] as number) - (a.tsUs[i] as number)).toBeGreaterThanOrEqual(1000);
    }
    const c = createEventBatch(1000);
    new SyntheticTrades(8).fill(c, 1000);
    expect(Array.from(c.a)).not.toEqual(Array.from(a.a));
  });
});
