// `tickbench bench lake` and `bench replay` through the real CLI bundle on a small run: exit 0,
// one JSON object, every row accounted for, and the derived figures consistent with the raw ones.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, oneJson, runCli } from './cli-helpers';

const ROWS = 20_000;

beforeAll(() => {
  buildCli();
});

function positive(out: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of keys) expect(out[k], k).toBeGreaterThan(0);
}

describe('tickbench bench lake', () => {
  it(`--rows ${ROWS} --json: every row imported and scanned, rates, CPU per row, targets`, async () => {
    const r = await runCli(['bench', 'lake', '--rows', String(ROWS), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = oneJson(r);
    expect(out.rows).toBe(ROWS);
    expect(out.datasets).toBe(10);
    positive(out, ['csvImportRowsPerS', 'importRowsPerS', 'scanRowsPerS', 'scanFirstPassRowsPerS']);
    expect(Number.isInteger(out.filteredRows)).toBe(true);
    const cpu = out.cpuNsPerRow as Record<string, unknown>;
    positive(cpu, ['csvStage', 'scan']);
    expect(out.targets).toEqual({
      csvImportRowsPerS: 3_000_000,
      scanRowsPerS: 12_000_000,
      scanRssGrowthMb: 500,
    });
  });
});

describe('tickbench bench lake --repeat', () => {
  it('runs the import and scans twice: medians, the spread of the rates, the host probes', async () => {
    const r = await runCli(['bench', 'lake', '--rows', String(ROWS), '--repeat', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = oneJson(r);
    expect(out.repeat).toBe(2);
    // Each run imports into a fresh workspace: all rows every time.
    expect(out.rows).toBe(ROWS);
    const spread = out.spread as Record<string, [number, number]>;
    for (const k of ['csvImportRowsPerS', 'scanRowsPerS']) {
      const [lo, hi] = spread[k] ?? [Number.NaN, Number.NaN];
      expect(lo, k).toBeGreaterThan(0);
      // With two runs the median is the upper one.
      expect(out[k], k).toBe(hi);
    }
    const host = out.host as Record<string, { oneThreadNsPerByte: number }>;
    expect(host.before?.oneThreadNsPerByte).toBeGreaterThan(0);
    expect(host.after?.oneThreadNsPerByte).toBeGreaterThan(0);
  });
});

describe('tickbench bench replay', () => {
  it(`--rows ${ROWS} --json: every event replayed, the ratio of the two rates, the kernel thread's CPU`, async () => {
    const r = await runCli(['bench', 'replay', '--rows', String(ROWS), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = oneJson(r);
    expect(out.rows).toBe(ROWS);
    expect(out.events).toBe(ROWS);
    expect(out.status).toBe('done');
    // `auto` reads in-thread below a million events.
    expect(out.reader).toBe('inline');
    positive(out, [
      'eventsPerS',
      'hashedEventsPerS',
      'rawReadRowsPerS',
      'readerRowsPerS',
      'peakRssMb',
      'valuesEmitted',
    ]);
    // The hashed run fingerprints the emitted series: a 64-bit digest in hex.
    expect(out.outputHash).toMatch(/^[0-9a-f]{16}$/);
    expect(out.replayRssGrowthMb as number).toBeLessThanOrEqual(out.peakRssMb as number);
    const events = out.eventsPerS as number;
    const raw = out.rawReadRowsPerS as number;
    expect(out.ratio).toBeCloseTo(events / raw, 2);
    // The kernel's thread cannot spend more CPU than the wall time it ran (10 ms ticks of /proc).
    const wallNs = out.replayWallNsPerEvent as number;
    const threadNs = out.replayCallerThreadCpuNsPerEvent as number | null;
    if (process.platform === 'linux') {
      expect(threadNs).not.toBeNull();
      expect(threadNs as number).toBeLessThanOrEqual(wallNs + 10_000_000 / ROWS);
      // Waiting for a core is wall time too, and time the thread did not run.
      const queuedNs = out.replayCallerRunQueueNsPerEvent as number;
      expect(queuedNs).toBeGreaterThanOrEqual(0);
      expect(queuedNs).toBeLessThanOrEqual(wallNs);
    }
    // The first batch comes within the timed replay.
    expect(out.replayFirstBatchMs as number).toBeGreaterThanOrEqual(0);
    expect(out.replayFirstBatchMs as number).toBeLessThanOrEqual(out.replayMs as number);
    expect(out.targets).toEqual({ eventsPerS: 10_000_000, floorEventsPerS: 5_000_000 });
  });
});
