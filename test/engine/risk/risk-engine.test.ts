import { describe, expect, it } from 'vitest';
import { RiskEngine, type BookLevels } from '../../../engine/risk/risk-engine';
import type { CheckResult, Rejected, RiskOrder } from '../../../engine/risk/types';

const order = (o: Partial<RiskOrder>): RiskOrder => ({
  tsUs: 1,
  venue: 'binance',
  symbol: 'BTCUSDT',
  side: 1,
  size: 1,
  price: 50_000,
  ...o,
});

function rejected(r: CheckResult): Rejected {
  if (r.approved) throw new Error('expected a rejection');
  return r;
}

describe('RiskEngine', () => {
  it('approves within limits, rejects with the numbers, never blocks a reduction', () => {
    const breaches: Rejected[] = [];
    const r = new RiskEngine({
      initialEquity: 100_000,
      positions: { perSymbol: { BTCUSDT: { maxAbsSize: 2 } } },
      onBreach: (b) => breaches.push(b),
    });
    expect(r.check(order({ size: 2 }))).toEqual({ approved: true });
    r.onFill({ ...order({ size: 2 }), fee: 10 });
    expect(r.position('BTCUSDT')).toBe(2);
    expect(r.equity).toBe(100_000 - 10);
    const b = rejected(r.check(order({ tsUs: 5, size: 0.5 })));
    expect(b).toMatchObject({ rule: 'position-size', limit: 2, actual: 2.5, tsUs: 5, symbol: 'BTCUSDT' });
    expect(b.values).toMatchObject({ positionBefore: 2, positionAfter: 2.5, limit: 2, actual: 2.5 });
    expect(breaches).toEqual([b]);
    expect(r.lastBreach).toBe(b);
    // 2 → −1 reduces |position|: approved whatever the limits.
    expect(r.check(order({ side: -1, size: 3 })).approved).toBe(true);
    expect(rejected(r.check(order({ side: -1, size: 5 }))).rule).toBe('position-size');
  });

  it('tracks equity and gross notional from fills and marks', () => {
    const r = new RiskEngine({ initialEquity: 100_000 });
    r.onFill(order({ size: 1, price: 50_000 }));
    r.onFill(order({ symbol: 'ETHUSDT', side: -1, size: 10, price: 3000 }));
    expect(r.grossNotional).toBe(80_000);
    r.onMark('BTCUSDT', 51_000, 2);
    r.onMark('ETHUSDT', 2900, 3);
    expect(r.equity).toBeCloseTo(100_000 + 1000 + 1000, 9);
    expect(r.grossNotional).toBeCloseTo(51_000 + 29_000, 9);
    r.onFill(order({ tsUs: 4, side: -1, size: 1, price: 52_000 }));
    expect(r.position('BTCUSDT')).toBe(0);
    expect(r.equity).toBeCloseTo(100_000 + 2000 + 1000, 9);
  });

  it('gross notional and concentration limits use marks for other symbols', () => {
    const r = new RiskEngine({
      initialEquity: 1_000_000,
      positions: { maxGrossNotional: 150_000 },
      concentration: { maxShare: 0.6, minGrossNotional: 60_000 },
    });
    r.onFill(order({ size: 1, price: 50_000 }));
    r.onFill(order({ symbol: 'ETHUSDT', size: 10, price: 3000 }));
    // gross 80 000; adding 1 BTC → 130 000 with BTC at 100 000 / 130 000 = 0.77
    const c = rejected(r.check(order({ size: 1 })));
    expect(c).toMatchObject({ rule: 'concentration', limit: 0.6 });
    expect(c.actual).toBeCloseTo(100_000 / 130_000, 12);
    const g = rejected(r.check(order({ symbol: 'ETHUSDT', size: 30, price: 3000 })));
    expect(g).toMatchObject({ rule: 'gross-notional', limit: 150_000, actual: 170_000 });
  });

  it('drawdown breaker: REDUCING passes only reductions, HALTED nothing until reset', () => {
    const r = new RiskEngine({ initialEquity: 100_000, drawdown: { reduceAtPct: 5, haltAtPct: 10 } });
    r.onFill(order({ size: 2, price: 50_000 }));
    r.onMark('BTCUSDT', 47_000, 2); // equity 94 000: 6 %
    expect(r.drawdownState).toBe('REDUCING');
    expect(rejected(r.check(order({ tsUs: 3 })))).toMatchObject({ rule: 'drawdown-reducing', limit: 5 });
    expect(r.check(order({ tsUs: 3, side: -1 })).approved).toBe(true);
    r.onMark('BTCUSDT', 44_000, 4); // 88 000: 12 %
    const h = rejected(r.check(order({ tsUs: 5, side: -1 })));
    expect(h).toMatchObject({ rule: 'drawdown-halted', limit: 10 });
    expect(h.actual).toBeCloseTo(12, 9);
    r.onMark('BTCUSDT', 60_000, 6);
    expect(r.drawdownState).toBe('HALTED');
    r.resetBreaker(7);
    expect(r.check(order({ tsUs: 8 })).approved).toBe(true);
  });

  it('throttles per venue, and only approved orders consume a slot', () => {
    const r = new RiskEngine({
      initialEquity: 100_000,
      positions: { defaults: { maxAbsSize: 1 } },
      throttle: { maxOrders: 2, windowUs: 1000 },
    });
    expect(r.check(order({ tsUs: 0 })).approved).toBe(true);
    expect(r.check(order({ tsUs: 1, size: 5 })).approved).toBe(false); // size: no slot used
    expect(r.check(order({ tsUs: 2 })).approved).toBe(true);
    expect(rejected(r.check(order({ tsUs: 3 })))).toMatchObject({ rule: 'order-rate', limit: 2, actual: 3 });
    expect(r.check(order({ tsUs: 3, venue: 'bybit' })).approved).toBe(true);
    expect(r.check(order({ tsUs: 1000 })).approved).toBe(true);
  });

  it('exit liquidity: the position after the order must exit within the budget', () => {
    const bids: BookLevels = { prices: [50_000, 49_990, 49_900], sizes: [1, 1, 10] };
    const r = new RiskEngine({
      initialEquity: 1_000_000,
      liquidity: {
        maxExitSlippageBps: 2,
        book: (_venue, symbol, side) => (symbol === 'BTCUSDT' && side === 1 ? bids : undefined),
      },
    });
    expect(r.check(order({ size: 1 })).approved).toBe(true);
    // 2 BTC exit at (50 000 + 49 990) / 2: 1 bp
    expect(r.check(order({ size: 2 })).approved).toBe(true);
    const l = rejected(r.check(order({ size: 3 })));
    expect(l.rule).toBe('liquidity');
    expect(l.actual).toBeCloseTo((1 - (50_000 + 49_990 + 49_900) / 3 / 50_000) * 1e4, 9);
    // a short exits into the asks, which are unknown here
    expect(rejected(r.check(order({ side: -1 }))).reason).toMatch(/no book/);
  });

  it('VaR limit on sampled equity returns', () => {
    const r = new RiskEngine({
      initialEquity: 100_000,
      var: { n: 10, confidence: 0.9, sampleIntervalUs: 1000, maxVarPct: 1 },
    });
    r.onFill(order({ tsUs: 0, size: 1, price: 50_000 }));
    let px = 50_000;
    for (let i = 1; i <= 11; i++) {
      px *= i % 2 === 0 ? 1.04 : 0.96; // ±2 % of equity per sample
      r.onMark('BTCUSDT', px, i * 1000);
    }
    expect(r.varPct).toBeGreaterThan(1);
    const v = rejected(r.check(order({ tsUs: 20_000 })));
    expect(v).toMatchObject({ rule: 'var', limit: 1 });
    expect(r.check(order({ tsUs: 20_000, side: -1 })).approved).toBe(true);
  });

  it('rejects malformed orders', () => {
    const r = new RiskEngine({ initialEquity: 1 });
    expect(rejected(r.check(order({ size: 0 }))).rule).toBe('invalid-order');
    expect(rejected(r.check(order({ price: Number.NaN }))).rule).toBe('invalid-order');
    expect(rejected(r.check(order({ side: 0 as 1 }))).rule).toBe('invalid-order');
  });
});
