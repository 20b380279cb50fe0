// `tickbench bench kernel` through the real CLI bundle: exit 0 and exactly one JSON object.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, oneJson, runCli } from './cli-helpers';

beforeAll(() => {
  buildCli();
});

describe('tickbench bench kernel', () => {
  it('--rows 20000 --json: rows, events/s, ns/event, peak RSS and the processor list', async () => {
    const r = await runCli(['bench', 'kernel', '--rows', '20000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = oneJson(r);
    expect(out.rows).toBe(20_000);
    expect(out.processors).toBe('ema:20,ema:100,rsi:14,vwap:60s,zscore:500,limit,var:1000,drawdown');
    for (const k of ['eventsPerS', 'nsPerEvent', 'peakRssMb']) expect(out[k], k).toBeGreaterThan(0);
  });

  it('a bad processor list is a usage error (exit 2)', async () => {
    const r = await runCli(['bench', 'kernel', '--rows', '1000', '--processors', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});
