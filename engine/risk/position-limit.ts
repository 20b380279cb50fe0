import { requirePositive } from '../signal/validate';
import type { Violation } from './types';

/** Limits of one symbol; an omitted limit is unlimited. */
export interface SymbolLimits {
  /** Largest |position|, base units (> 0). */
  readonly maxAbsSize?: number;
  /** Largest |position| · price, quote units (> 0). */
  readonly maxNotional?: number;
}

export interface PositionLimitConfig {
  /** Limits of symbols not listed in `perSymbol`. */
  readonly defaults?: SymbolLimits;
  /** Limits by symbol; they replace `defaults` entirely for that symbol. */
  readonly perSymbol?: Readonly<Record<string, SymbolLimits>>;
  /** Largest Σ |position| · price over all symbols, quote units (> 0). */
  readonly maxGrossNotional?: number;
}

interface ResolvedLimits {
  readonly maxAbsSize: number;
  readonly maxNotional: number;
}

function resolve(where: string, limits: SymbolLimits | undefined): ResolvedLimits {
  return {
    maxAbsSize:
      limits?.maxAbsSize === undefined ? Infinity : requirePositive(`${where}.maxAbsSize`, limits.maxAbsSize),
    maxNotional:
      limits?.maxNotional === undefined
        ? Infinity
        : requirePositive(`${where}.maxNotional`, limits.maxNotional),
  };
}

/**
 * Position limits: per symbol a maximum |size| and a maximum notional, and a portfolio-wide
 * maximum gross notional.
 *
 * A change that does not increase the exposure it is measured on is never a breach, even above
 * the limit: after a limit is lowered, or after prices moved a position over its notional cap,
 * the way back under must stay open.
 */
export class PositionLimit {
  private readonly defaults: ResolvedLimits;
  private readonly bySymbol = new Map<string, ResolvedLimits>();
  /** Gross notional limit, quote units (Infinity when none). */
  readonly maxGrossNotional: number;

  constructor(config: PositionLimitConfig = {}) {
    this.defaults = resolve('defaults', config.defaults);
    for (const [symbol, limits] of Object.entries(config.perSymbol ?? {})) {
      this.bySymbol.set(symbol, resolve(`perSymbol.${symbol}`, limits));
    }
    this.maxGrossNotional =
      config.maxGrossNotional === undefined
        ? Infinity
        : requirePositive('maxGrossNotional', config.maxGrossNotional);
  }

  /** Max |position| of `symbol`, base units (Infinity when unlimited). */
  maxAbsSize(symbol: string): number {
    return (this.bySymbol.get(symbol) ?? this.defaults).maxAbsSize;
  }

  /** Max notional of `symbol`, quote units (Infinity when unlimited). */
  maxNotional(symbol: string): number {
    return (this.bySymbol.get(symbol) ?? this.defaults).maxNotional;
  }

  /**
   * Checks the position of `symbol` going from `before` to `after` (signed base units), valued
   * at `price` (quote units): first the size limit, then the notional limit.
   */
  checkPosition(symbol: string, before: number, after: number, price: number): Violation | null {
    const absAfter = Math.abs(after);
    if (absAfter <= Math.abs(before)) return null;
    const limits = this.bySymbol.get(symbol) ?? this.defaults;
    if (absAfter > limits.maxAbsSize) {
      return {
        rule: 'position-size',
        limit: limits.maxAbsSize,
        actual: absAfter,
        reason: `|position| of ${symbol} would be ${absAfter}, above the limit ${limits.maxAbsSize}`,
      };
    }
    const notional = absAfter * price;
    if (notional > limits.maxNotional) {
      return {
        rule: 'position-notional',
        limit: limits.maxNotional,
        actual: notional,
        reason: `notional of ${symbol} would be ${notional}, above the limit ${limits.maxNotional}`,
      };
    }
    return null;
  }

  /** Checks the gross notional going from `before` to `after` (quote units). */
  checkGross(before: number, after: number): Violation | null {
    if (after <= before || after <= this.maxGrossNotional) return null;
    return {
      rule: 'gross-notional',
      limit: this.maxGrossNotional,
      actual: after,
      reason: `gross notional would be ${after}, above the limit ${this.maxGrossNotional}`,
    };
  }
}
