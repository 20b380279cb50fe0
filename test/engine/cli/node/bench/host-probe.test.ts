// The host probe runs its loop on this thread and on a worker (which fails the probe if its
// script does not run): it must come back with a positive speed, a range around its median,
// and a finite two-thread figure. Its values depend on the machine's load, so no bounds.
import { describe, expect, it } from 'vitest';
import { probeHost } from '../../../../../engine/cli/node/bench/host-probe';

describe('probeHost', () => {
  it('measures one thread and two at once', async () => {
    const p = await probeHost();
    expect(p.oneThreadNsPerByte).toBeGreaterThan(0);
    const [lo, hi] = p.oneThreadNsPerByteRange;
    expect(lo).toBeLessThanOrEqual(p.oneThreadNsPerByte);
    expect(hi).toBeGreaterThanOrEqual(p.oneThreadNsPerByte);
    expect(Number.isFinite(p.twoThreadSpeedup)).toBe(true);
    expect(p.twoThreadSpeedup).toBeGreaterThan(0);
  });
});
