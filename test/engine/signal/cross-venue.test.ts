import { describe, expect, it } from 'vitest';
import { CrossVenueSpread } from '../../../engine/signal/cross-venue';

describe('CrossVenueSpread', () => {
  const config = { venueA: 'binance', venueB: 'bybit', takerFeeBpsA: 10, takerFeeBpsB: 5, thresholdBps: 0 };

  it('computes the exact net edge in both directions', () => {
    const c = new CrossVenueSpread(config);
    c.update('binance', 1, 99.9, 100);
    c.update('bybit', 2, 100.5, 100.6);
    // Buy binance at 100 · 1.001 = 100.1, sell bybit at 100.5 · 0.9995 = 100.44975.
    expect(c.netBps('binance')).toBeCloseTo((100.44975 / 100.1 - 1) * 1e4, 9);
    // Buy bybit at 100.6 · 1.0005, sell binance at 99.9 · 0.999: a loss.
    expect(c.netBps('bybit')).toBeCloseTo(((99.9 * 0.999) / (100.6 * 1.0005) - 1) * 1e4, 9);
    const opp = c.detect(3);
    expect(opp?.buyVenue).toBe('binance');
    expect(opp?.sellVenue).toBe('bybit');
    expect(opp?.netBps).toBeCloseTo(34.94006, 4);
  });

  it('reports nothing under the threshold, before both quotes, or on stale quotes', () => {
    const c = new CrossVenueSpread({ ...config, thresholdBps: 40, maxQuoteAgeUs: 1000 });
    expect(c.detect(0)).toBeNull();
    c.update('binance', 0, 99.9, 100);
    c.update('bybit', 0, 101, 101.1);
    expect(c.detect(500)?.buyVenue).toBe('binance'); // (101 · 0.9995 / 100.1 − 1) ≈ 84.9 bps
    expect(c.detect(1500)).toBeNull(); // stale
    c.update('bybit', 1500, 100.3, 100.4);
    c.update('binance', 1500, 99.9, 100);
    expect(c.detect(1500)).toBeNull(); // ≈ 14.5 bps < 40
  });

  it('rejects unknown venues', () => {
    const c = new CrossVenueSpread(config);
    expect(() => {
      c.update('okx', 0, 1, 2);
    }).toThrow(/binance or bybit/);
  });
});
