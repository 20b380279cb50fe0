import { invalidArgument } from '../core/errors';
import { requireNonNegative } from '../signal/validate';
import type { Violation } from './types';

/**
 * Share of one asset in the gross exposure: |notional of the asset| / gross notional, in
 * [0, 1]; 0 when the gross is 0 (nothing held, nothing concentrated).
 */
export function concentrationShare(assetNotional: number, grossNotional: number): number {
  return grossNotional > 0 ? Math.min(1, Math.abs(assetNotional) / grossNotional) : 0;
}

export interface ConcentrationConfig {
  /** Largest share of one asset in gross notional, in (0, 1]. */
  readonly maxShare: number;
  /**
   * Below this gross notional (quote units) the rule is off (default 0). A book with one
   * position is 100 % concentrated; without a floor the first trade could never be placed.
   */
  readonly minGrossNotional?: number;
}

/**
 * Concentration limit: the asset an order trades may not exceed `maxShare` of the gross
 * exposure after the order, unless the order reduces that asset's exposure.
 */
export class ConcentrationLimit {
  readonly maxShare: number;
  readonly minGrossNotional: number;

  constructor(config: ConcentrationConfig) {
    if (!(config.maxShare > 0 && config.maxShare <= 1))
      invalidArgument('maxShare', config.maxShare, 'a share in (0, 1]');
    this.maxShare = config.maxShare;
    this.minGrossNotional = requireNonNegative('minGrossNotional', config.minGrossNotional ?? 0);
  }

  /**
   * @param assetNotionalBefore the asset's |notional| before the order, quote units.
   * @param assetNotionalAfter the asset's |notional| after the order, quote units.
   * @param grossAfter gross notional after the order, quote units.
   */
  check(assetNotionalBefore: number, assetNotionalAfter: number, grossAfter: number): Violation | null {
    if (Math.abs(assetNotionalAfter) <= Math.abs(assetNotionalBefore)) return null;
    if (grossAfter < this.minGrossNotional) return null;
    const share = concentrationShare(assetNotionalAfter, grossAfter);
    if (share <= this.maxShare) return null;
    return {
      rule: 'concentration',
      limit: this.maxShare,
      actual: share,
      reason: `share of gross exposure would be ${share}, above the limit ${this.maxShare}`,
    };
  }
}
