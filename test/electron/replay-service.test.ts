import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobFinishedEvent, ReplayProgressEvent } from '../../electron/common/dto';
import { createRouter } from '../../electron/main/router';
import { createEngineServices, type EngineServices } from '../../electron/main/services/engine-services';
import { Lake } from '../../engine/lake/node/lake';

// A real workspace with a real capture: the replay service runs the same kernel as the CLI.
const dir = mkdtempSync(join(tmpdir(), 'tb-replay-service-'));
const capture = join(__dirname, '..', 'fixtures', 'binance-ws', 'usdm_btcusdt_20240718.jsonl.gz');
let services: EngineServices;
let datasets: { name: string; rows: number; kind: string }[] = [];

function finished(jobId: string): Promise<JobFinishedEvent> {
  return new Promise((resolve) => {
    const off = services.hub.subscribe((event, payload) => {
      if (event === 'job.finished' && (payload as JobFinishedEvent).jobId === jobId) {
        off();
        resolve(payload as JobFinishedEvent);
      }
    });
  });
}

beforeAll(async () => {
  const lake = await Lake.open(join(dir, 'ws'));
  const result = await lake.importFiles([capture]);
  datasets = result.datasets.map((d) => ({ name: d.name, rows: d.rows, kind: d.kind }));
  services = createEngineServices({
    workspace: lake.workspace,
    host: 'browser',
    appVersion: '0.0.0',
    openLake: () => Promise.resolve(lake),
  });
});

afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('replay service', () => {
  it('replays datasets at full speed as a job and reports every event', async () => {
    const names = datasets.filter((d) => d.kind !== 'quotes').map((d) => d.name);
    const expected = datasets.filter((d) => d.kind !== 'quotes').reduce((s, d) => s + d.rows, 0);
    const ticket = await services.api.replay.start({
      datasets: names,
      speed: 0,
      processors: ['sma:20', 'bbo'],
    });
    const done = await finished(ticket.jobId);
    expect(done.outcome.status).toBe('done');
    if (done.outcome.status === 'done')
      expect(done.outcome.summary).toMatch(new RegExp(`^done: ${expected} events`));
  });

  it('pauses, steps and stops a paced replay, with progress events', async () => {
    const progress: ReplayProgressEvent[] = [];
    const off = services.hub.subscribe((event, payload) => {
      if (event === 'replay.progress') progress.push(payload as ReplayProgressEvent);
    });
    const names = datasets.map((d) => d.name);
    const ticket = await services.api.replay.start({ datasets: names, speed: 1 });
    const end = finished(ticket.jobId);
    // The controller exists once the job has started (next tick).
    await new Promise((r) => setTimeout(r, 200));
    await services.api.replay.pause({ jobId: ticket.jobId });
    const before = progress.at(-1)?.events ?? 0;
    await services.api.replay.step({ jobId: ticket.jobId, events: 250 });
    await services.api.replay.stop({ jobId: ticket.jobId });
    const outcome = (await end).outcome;
    off();
    expect(outcome.status).toBe('done');
    if (outcome.status === 'done') expect(outcome.summary).toMatch(/^stopped: /);
    expect(progress.some((p) => p.state === 'paused')).toBe(true);
    expect(Math.max(...progress.map((p) => p.events))).toBeGreaterThanOrEqual(before + 250);
  });

  it('rejects unknown datasets and processors through the router, and stays up', async () => {
    const router = createRouter(services.api);
    const bad = await router.call('replay.start', { datasets: ['nope'], speed: 0 });
    expect(JSON.stringify(bad)).toMatch(/not-found|nope/);
    const badProc = await router.call('replay.start', {
      datasets: [datasets[0]?.name ?? ''],
      speed: 0,
      processors: ['foo:1'],
    });
    expect(JSON.stringify(badProc)).toMatch(/foo/);
    const ok = await router.call('workspace.info', undefined);
    expect(JSON.stringify(ok)).toMatch(/replay/);
  });
});
