import { describe, expect, it } from 'vitest';
import { PositionLimit } from '../../../engine/risk/position-limit';

describe('PositionLimit', () => {
  const limits = new PositionLimit({
    defaults: { maxAbsSize: 10 },
    perSymbol: { BTCUSDT: { maxAbsSize: 2, maxNotional: 100_000 } },
    maxGrossNotional: 250_000,
  });

  it('checks size, then notional, per symbol with defaults', () => {
    expect(limits.checkPosition('BTCUSDT', 1, 2, 40_000)).toBeNull();
    expect(limits.checkPosition('BTCUSDT', 2, 2.5, 40_000)).toMatchObject({
      rule: 'position-size',
      limit: 2,
      actual: 2.5,
    });
    expect(limits.checkPosition('BTCUSDT', 1, 2, 60_000)).toMatchObject({
      rule: 'position-notional',
      limit: 100_000,
      actual: 120_000,
    });
    expect(limits.checkPosition('ETHUSDT', -9, -11, 3000)).toMatchObject({
      rule: 'position-size',
      limit: 10,
    });
    expect(limits.maxNotional('ETHUSDT')).toBe(Infinity);
  });

  it('never blocks a reduction, even above the limit', () => {
    expect(limits.checkPosition('BTCUSDT', 5, 4, 40_000)).toBeNull();
    expect(limits.checkPosition('BTCUSDT', 5, -4, 40_000)).toBeNull();
    expect(limits.checkGross(300_000, 280_000)).toBeNull();
    expect(limits.checkGross(200_000, 260_000)).toMatchObject({ rule: 'gross-notional', actual: 260_000 });
  });
});
