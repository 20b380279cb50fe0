import { describe, expect, it } from 'vitest';
import { cpuNsPerRow, cpuUs, threadCpuUs } from '../../../../../engine/cli/node/bench/cpu-time';

/** Spins the calling thread for `ms` of wall time. */
function spin(ms: number): number {
  const end = performance.now() + ms;
  let x = 0;
  while (performance.now() < end) x += Math.sqrt(x + 1);
  return x;
}

describe('cpu time', () => {
  it('cpuNsPerRow: µs of CPU over rows, in ns with one decimal; 0 without rows', () => {
    expect(cpuNsPerRow(1_000_000, 4_000_000)).toBe(250);
    expect(cpuNsPerRow(1, 3)).toBe(333.3);
    expect(cpuNsPerRow(5, 0)).toBe(0);
  });

  it.runIf(process.platform === 'linux')(
    'threadCpuUs counts the calling thread: a 300 ms spin adds ~300 ms, bounded by the process CPU',
    () => {
      const t0 = threadCpuUs();
      const p0 = cpuUs();
      spin(300);
      const thread = threadCpuUs() - t0;
      const whole = cpuUs() - p0;
      // 10 ms ticks; a shared machine may take some of the wall time away.
      expect(thread).toBeGreaterThanOrEqual(100_000);
      expect(thread).toBeLessThanOrEqual(320_000);
      expect(thread).toBeLessThanOrEqual(whole + 20_000);
    },
  );
});
