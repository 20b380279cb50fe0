// The trade-flow window as it was before its hot path was rewritten (session 9), kept verbatim
// as the reference: the rewrite must give the same bits.
import type { TradeSide } from '../../../engine/model/kinds';
import { invalidArgument } from '../../../engine/core/errors';
import { CompensatedSum } from '../../../engine/signal/compensated-sum';
import { RingBuffer } from '../../../engine/signal/ring-buffer';
import { requireInt, requireNonNegative } from '../../../engine/signal/validate';

/** TradeFlowImbalance before its hot path was rewritten (session 9), verbatim. */
export class LegacyTradeFlowImbalance {
  private readonly signed: RingBuffer;
  private readonly buy = new CompensatedSum();
  private readonly sell = new CompensatedSum();
  private sinceRebuild = 0;

  /** @param n window length in trades (integer ≥ 1). */
  constructor(n: number) {
    this.signed = new RingBuffer(requireInt('n', n, 1));
  }

  /**
   * Adds a trade and returns the imbalance in [−1, 1].
   * @param size traded quantity, base units (finite, ≥ 0).
   * @param side +1 buyer-initiated, −1 seller-initiated.
   */
  update(size: number, side: TradeSide): number {
    requireNonNegative('size', size);
    // The type says ±1, but sides arrive from Float64Array columns at run time: check.
    const raw: number = side;
    if (raw !== 1 && raw !== -1) invalidArgument('side', raw, '1 or -1');
    const wasFull = this.signed.full;
    const old = this.signed.push(side * size);
    this.addSigned(side * size, 1);
    if (wasFull) this.addSigned(old, -1);
    if (++this.sinceRebuild >= this.signed.capacity) {
      this.sinceRebuild = 0;
      this.buy.reset();
      this.sell.reset();
      for (let i = 0; i < this.signed.size; i++) this.addSigned(this.signed.get(i), 1);
    }
    if (!this.signed.full) return Number.NaN;
    const b = Math.max(0, this.buy.value);
    const s = Math.max(0, this.sell.value);
    const total = b + s;
    if (total === 0) return 0;
    // Clamp: rounding may put the ratio a hair outside [−1, 1].
    return Math.min(1, Math.max(-1, (b - s) / total));
  }

  reset(): void {
    this.signed.clear();
    this.buy.reset();
    this.sell.reset();
    this.sinceRebuild = 0;
  }

  private addSigned(v: number, sign: 1 | -1): void {
    if (v > 0) this.buy.add(sign * v);
    else if (v < 0) this.sell.add(-sign * v);
  }
}
