import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../engine/clock/sim-clock';
import { buildKernel, type Kernel } from '../../../engine/kernel/kernel';
import type { SeriesSink } from '../../../engine/kernel/series-sink';
import type { Pacer } from '../../../engine/replay/pacer';
import { ReplayController } from '../../../engine/replay/replay-controller';
import { runReplay } from '../../../engine/replay/run-replay';
import { type Row, arraySource, stream, tradeRows } from './array-source';
import { seriesHashOfCsv } from './series-hash-ref';

/** Virtual wall time: sleeping advances it; nothing really waits. */
class FakePacer implements Pacer {
  now = 0;
  sleeps = 0;
  nowMs(): number {
    return this.now;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps++;
    this.now += Math.max(ms, 0.001);
    await Promise.resolve();
  }
}

class Lines implements SeriesSink {
  readonly lines: string[] = [];
  write(ts: number, p: string, v: string, s: string, n: string, x: number): void {
    this.lines.push(`${ts},${p},${v},${s},${n},${x}\n`);
  }
}

const STREAMS = [stream(0, 'trades', 'BTCUSDT'), stream(1, 'trades', 'ETHUSDT')];
const ROWS: Row[] = [...tradeRows(200, 0, 3), ...tradeRows(150, 1, 5)].sort((a, b) => a.tsUs - b.tsUs);
const PROCS = 'sma:5,ema:7,rsi:4,vwap:3s,zscore:6,flow:5,momentum:3';

function kernelFactory(sink: SeriesSink): () => Kernel {
  return () =>
    buildKernel(
      { processors: PROCS },
      { clock: new SimClock(), source: { streams: STREAMS }, sinks: [sink] },
    );
}

describe('runReplay determinism', () => {
  it('same input → same output hash at any speed, equal to the hash recomputed from the CSV lines', async () => {
    const hashes: string[] = [];
    let csv = '';
    for (const speed of ['max', 1000, 10, 1, 0.1] as const) {
      const lines = new Lines();
      const pacer = new FakePacer();
      const s = await runReplay({
        source: arraySource(STREAMS, ROWS, 13),
        processors: PROCS,
        speed,
        pacer,
        sinks: [lines],
      });
      expect(s.status).toBe('done');
      expect(s.events).toBe(ROWS.length);
      hashes.push(s.outputHash);
      csv = lines.lines.join('');
      expect(s.outputRows).toBe(lines.lines.length);
      if (speed !== 'max') {
        // Paced: the virtual wall time covers the simulated span at that speed (±one sleep cap).
        const spanMs = ((ROWS.at(-1)?.tsUs ?? 0) - (ROWS[0]?.tsUs ?? 0)) / 1000;
        expect(pacer.now).toBeGreaterThanOrEqual(spanMs / speed - 1);
        expect(pacer.now).toBeLessThanOrEqual(spanMs / speed + 60);
      }
    }
    expect(new Set(hashes).size).toBe(1);
    expect(hashes[0]).toBe(seriesHashOfCsv(csv));
    // And a different input hashes differently.
    const other = await runReplay({ source: arraySource(STREAMS, ROWS.slice(1), 13), processors: PROCS });
    expect(other.outputHash).not.toBe(hashes[0]);
  });

  it('paced replay never processes an event before its wall-clock due time', async () => {
    const pacer = new FakePacer();
    const late: number[] = [];
    const t0 = ROWS[0]?.tsUs ?? 0;
    const speed = 50;
    const sink: SeriesSink = {
      write: (ts) => {
        late.push(pacer.now - (ts - t0) / 1000 / speed);
      },
    };
    await runReplay({
      source: arraySource(STREAMS, ROWS, 13),
      processors: 'ema:3',
      speed,
      pacer,
      sinks: [sink],
    });
    expect(late.length).toBe(ROWS.length);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
  });
});

describe('ReplayController', () => {
  it('step, forward seek (muted but processed), resume', async () => {
    const full = new Lines();
    const fullCtl = new ReplayController({
      source: arraySource(STREAMS, ROWS, 13),
      makeKernel: kernelFactory(full),
    });
    await fullCtl.run();
    const fullSnapshot = fullCtl.kernel?.summary().processors.map((p) => p.snapshot);

    const lines = new Lines();
    const ctl = new ReplayController({
      source: arraySource(STREAMS, ROWS, 13),
      makeKernel: kernelFactory(lines),
      startPaused: true,
    });
    const done = ctl.run();
    await ctl.step(5);
    expect(ctl.kernel?.events).toBe(5);
    expect(ctl.state).toBe('paused');
    await ctl.step(20);
    expect(ctl.kernel?.events).toBe(25);
    const emittedAfterSteps = lines.lines.length;
    const target = ROWS[200]?.tsUs ?? 0;
    await ctl.seek(target);
    const before = ROWS.filter((r) => r.tsUs < target).length;
    expect(ctl.kernel?.events).toBe(before);
    expect(lines.lines.length).toBe(emittedAfterSteps); // muted while seeking
    expect(ctl.state).toBe('paused');
    ctl.resume();
    expect(await done).toBe('done');
    expect(ctl.kernel?.events).toBe(ROWS.length);
    // Processors consumed the skipped events: the final state is the full run's.
    expect(ctl.kernel?.summary().processors.map((p) => p.snapshot)).toEqual(fullSnapshot);
    // Output from the target on is identical to the full run's.
    const from = (ls: string[]) => ls.filter((l) => Number(l.split(',')[0]) >= target);
    expect(from(lines.lines)).toEqual(from(full.lines));
  });

  it('backward seek replays from the start with a fresh kernel', async () => {
    const lines = new Lines();
    let built = 0;
    const make = kernelFactory(lines);
    const ctl = new ReplayController({
      source: arraySource(STREAMS, ROWS, 13),
      makeKernel: () => {
        built++;
        return make();
      },
      startPaused: true,
    });
    const done = ctl.run();
    await ctl.step(300);
    const target = ROWS[100]?.tsUs ?? 0;
    await ctl.seek(target);
    expect(built).toBe(2);
    expect(ctl.kernel?.events).toBe(ROWS.filter((r) => r.tsUs < target).length);
    ctl.resume();
    expect(await done).toBe('done');
    expect(ctl.kernel?.events).toBe(ROWS.length);
  });

  it('stop ends the run; progress is reported with the fraction done', async () => {
    const progress: number[] = [];
    const ctl = new ReplayController({
      source: arraySource(STREAMS, ROWS, 13),
      makeKernel: kernelFactory(new Lines()),
      startPaused: true,
      progressEveryEvents: 10,
      onProgress: (p) => progress.push(p.fraction),
    });
    const done = ctl.run();
    await ctl.step(50);
    ctl.stop();
    expect(await done).toBe('stopped');
    expect(ctl.kernel?.events).toBe(50);
    expect(progress.at(-1)).toBeCloseTo(50 / ROWS.length, 12);
  });

  it('rejects speeds outside 0.1…1000 and a numeric speed without a pacer', () => {
    const base = { source: arraySource(STREAMS, ROWS), makeKernel: kernelFactory(new Lines()) };
    expect(() => new ReplayController({ ...base, speed: 5000, pacer: new FakePacer() })).toThrow(/speed/);
    expect(() => new ReplayController({ ...base, speed: 2 })).toThrow(/pacer/);
  });
});
