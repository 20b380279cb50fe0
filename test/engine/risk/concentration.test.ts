import { describe, expect, it } from 'vitest';
import { ConcentrationLimit, concentrationShare } from '../../../engine/risk/concentration';

describe('concentration', () => {
  it('share of one asset in gross', () => {
    expect(concentrationShare(-30, 120)).toBe(0.25);
    expect(concentrationShare(0, 0)).toBe(0);
    const c = new ConcentrationLimit({ maxShare: 0.5, minGrossNotional: 1000 });
    expect(c.check(0, 500, 500)).toBeNull(); // under the floor
    expect(c.check(400, 800, 1200)).toMatchObject({ rule: 'concentration', limit: 0.5, actual: 800 / 1200 });
    expect(c.check(800, 700, 1200)).toBeNull(); // reducing
    expect(c.check(100, 500, 1200)).toBeNull();
  });
});
