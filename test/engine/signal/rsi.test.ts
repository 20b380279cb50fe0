import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RSI_STATE, RsiWilder, rsiAdvance, rsiReset, rsiStep, rsiValue } from '../../../engine/signal/rsi';
import { closeRel } from './prng';

/** Textbook Wilder RSI, batch, from scratch: seed with simple means, then Wilder's recurrence. */
function rsiRef(prices: readonly number[], n: number): number[] {
  const out: number[] = prices.map(() => Number.NaN);
  if (prices.length <= n) return out;
  const gains: number[] = [];
  const losses: number[] = [];
  for (let i = 1; i < prices.length; i++) {
    const d = (prices[i] ?? 0) - (prices[i - 1] ?? 0);
    gains.push(Math.max(d, 0));
    losses.push(Math.max(-d, 0));
  }
  let ag = gains.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let al = losses.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const rsi = (g: number, l: number): number => (l === 0 ? (g === 0 ? 50 : 100) : 100 - 100 / (1 + g / l));
  out[n] = rsi(ag, al);
  for (let i = n; i < gains.length; i++) {
    ag = (ag * (n - 1) + (gains[i] ?? 0)) / n;
    al = (al * (n - 1) + (losses[i] ?? 0)) / n;
    out[i + 1] = rsi(ag, al);
  }
  return out;
}

describe('RsiWilder', () => {
  it('hand example, n = 2', () => {
    const r = new RsiWilder(2);
    expect(r.update(10)).toBeNaN();
    expect(r.update(12)).toBeNaN(); // +2
    // changes +2, −1: avgGain 1, avgLoss 0.5, RS 2, RSI 100 − 100/3
    expect(r.update(11)).toBeCloseTo(100 - 100 / 3, 12);
    // change +3: avgGain (1 + 3)/2 = 2, avgLoss (0.5 + 0)/2 = 0.25, RS 8
    expect(r.update(14)).toBeCloseTo(100 - 100 / 9, 12);
  });

  it('is 100 with no losses and 50 on a flat series', () => {
    const up = new RsiWilder(3);
    [1, 2, 3].forEach((p) => up.update(p));
    expect(up.update(4)).toBe(100);
    const flat = new RsiWilder(3);
    [5, 5, 5].forEach((p) => flat.update(p));
    expect(flat.update(5)).toBe(50);
  });

  it('matches the batch reference (property, relative tolerance 1e-9) and stays in [0, 100]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 20 }),
        (prices, n) => {
          const r = new RsiWilder(n);
          const ref = rsiRef(prices, n);
          prices.forEach((p, i) => {
            const v = r.update(p);
            expect(closeRel(v, ref[i] ?? Number.NaN, 1e-9)).toBe(true);
            if (!Number.isNaN(v)) {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(100);
            }
          });
        },
      ),
    );
  });

  it('is the textbook recurrence bit for bit, over the whole range of positive doubles (property)', () => {
    // The gains and losses are taken without a branch; this holds them to max(±change, 0)
    // exactly, from subnormal to overflowing changes.
    const price = fc.oneof(
      fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
      fc.constantFrom(Number.MIN_VALUE, 1, 2 ** 1023, Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(
        fc.array(price, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        (prices, n) => {
          const r = new RsiWilder(n);
          const ref = rsiRef(prices, n);
          prices.forEach((p, i) => {
            expect(Object.is(r.update(p), ref[i])).toBe(true);
          });
        },
      ),
    );
  });

  it('rsiAdvance then rsiValue is rsiStep, bit for bit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 10 }),
        (prices, n) => {
          const a = new Float64Array(2 * RSI_STATE);
          const b = new Float64Array(2 * RSI_STATE);
          rsiReset(a, RSI_STATE);
          rsiReset(b, RSI_STATE);
          for (const p of prices) {
            const step = rsiStep(a, RSI_STATE, n, p);
            const defined = rsiAdvance(b, RSI_STATE, n, p);
            expect(defined).toBe(!Number.isNaN(step));
            if (defined) expect(Object.is(rsiValue(b, RSI_STATE), step)).toBe(true);
          }
          expect([...b]).toEqual([...a]);
        },
      ),
    );
  });
});
