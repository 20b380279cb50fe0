import { TickbenchError } from '../core/errors';
import type { Processor } from './processor';
import { BboProcessor, ObiProcessor } from './processors/book-processors';
import { DrawdownProcessor, LimitProcessor, VarProcessor } from './processors/risk-processors';
import {
  EmaProcessor,
  MomentumProcessor,
  RsiProcessor,
  RvolProcessor,
  SmaProcessor,
  ZScoreProcessor,
} from './processors/trade-signal-processors';
import { FlowProcessor, VwapProcessor } from './processors/trade-volume-processors';

/** How a processor's parameter (after the colon) is read. */
type ParamKind = 'count' | 'duration' | 'number' | 'none';

/** One entry of the processor registry. */
export interface ProcessorKind {
  readonly key: string;
  readonly param: ParamKind;
  /** Parameter when none is written (undefined: required, for count/duration). */
  readonly defaultParam?: number;
  readonly example: string;
  readonly description: string;
  /** @param param the count, the duration in µs, or the number; NaN for `none` */
  create(label: string, param: number): Processor;
}

const KINDS: ProcessorKind[] = [
  {
    key: 'sma',
    param: 'count',
    example: 'sma:20',
    description: 'simple moving average of the last N trade prices',
    create: (l, n) => new SmaProcessor(l, n),
  },
  {
    key: 'ema',
    param: 'count',
    example: 'ema:50',
    description: 'exponential moving average of trade prices, α = 2/(N+1)',
    create: (l, n) => new EmaProcessor(l, n),
  },
  {
    key: 'rsi',
    param: 'count',
    example: 'rsi:14',
    description: "Wilder's RSI of trade prices",
    create: (l, n) => new RsiProcessor(l, n),
  },
  {
    key: 'vwap',
    param: 'duration',
    example: 'vwap:60s',
    description: 'rolling VWAP of trades over a time window (us, ms, s, m, h)',
    create: (l, us) => new VwapProcessor(l, us),
  },
  {
    key: 'zscore',
    param: 'count',
    example: 'zscore:500',
    description: 'rolling z-score of the trade price over the last N prices (population std)',
    create: (l, n) => new ZScoreProcessor(l, n),
  },
  {
    key: 'momentum',
    param: 'count',
    example: 'momentum:100',
    description: 'trade price return over N trades',
    create: (l, n) => new MomentumProcessor(l, n),
  },
  {
    key: 'rvol',
    param: 'count',
    example: 'rvol:100',
    description: 'realized volatility: std of the last N trade-to-trade log returns',
    create: (l, n) => new RvolProcessor(l, n),
  },
  {
    key: 'flow',
    param: 'count',
    example: 'flow:100',
    description: 'trade-flow imbalance (buy − sell volume) / total over the last N trades',
    create: (l, n) => new FlowProcessor(l, n),
  },
  {
    key: 'obi',
    param: 'count',
    example: 'obi:10',
    description: 'order-book imbalance over the top N levels of the rebuilt book',
    create: (l, n) => new ObiProcessor(l, n),
  },
  {
    key: 'bbo',
    param: 'none',
    example: 'bbo',
    description: 'best bid and ask of the rebuilt book after every book message',
    create: (l) => new BboProcessor(l),
  },
  {
    key: 'var',
    param: 'count',
    defaultParam: 1000,
    example: 'var:1000',
    description: '99 % historical VaR and ES over the last N returns of a unit position per stream',
    create: (l, n) => new VarProcessor(l, n),
  },
  {
    key: 'drawdown',
    param: 'number',
    defaultParam: 1,
    example: 'drawdown:1',
    description: 'drawdown breaker on a unit position: reducing at H/2 %, halted at H % (default 1)',
    create: (l, h) => new DrawdownProcessor(l, h),
  },
  {
    key: 'limit',
    param: 'number',
    defaultParam: 1_000_000,
    example: 'limit:1000000',
    description: 'position notional limit (quote units) on a unit position per stream',
    create: (l, x) => new LimitProcessor(l, x),
  },
];

const BY_KEY = new Map(KINDS.map((k) => [k.key, k]));

/** The registered processor kinds (for help texts and the UI). */
export function processorKinds(): readonly ProcessorKind[] {
  return KINDS;
}

/** Adds a processor kind (e.g. from a plug-in); its key must be new. */
export function registerProcessorKind(kind: ProcessorKind): void {
  if (BY_KEY.has(kind.key)) {
    throw new TickbenchError('already-exists', `processor kind ${JSON.stringify(kind.key)} already exists`);
  }
  KINDS.push(kind);
  BY_KEY.set(kind.key, kind);
}

/** One parsed item of a processor list. */
export interface ProcessorSpec {
  /** The label, as written (trimmed): `ema:20`, `vwap:60s`, `bbo`. */
  readonly label: string;
  readonly key: string;
  /** Count, duration in µs, or number; NaN for kinds without a parameter. */
  readonly param: number;
}

const DURATION_UNIT_US: Readonly<Record<string, number>> = {
  us: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

function usage(item: string, why: string): never {
  const allowed = KINDS.map((k) => k.example).join(', ');
  throw new TickbenchError('usage', `processor ${JSON.stringify(item)}: ${why}; allowed: ${allowed}`);
}

function parseParam(item: string, kind: ProcessorKind, text: string | undefined): number {
  if (text === undefined) {
    if (kind.param === 'none') return NaN;
    if (kind.defaultParam !== undefined) return kind.defaultParam;
    return usage(item, `${kind.key} needs a parameter (e.g. ${kind.example})`);
  }
  switch (kind.param) {
    case 'none':
      return usage(item, `${kind.key} takes no parameter`);
    case 'count': {
      if (!/^\d+$/.test(text) || Number(text) < 1) return usage(item, 'the parameter must be an integer ≥ 1');
      return Number(text);
    }
    case 'number': {
      const v = Number(text);
      if (text === '' || !Number.isFinite(v) || v <= 0)
        return usage(item, 'the parameter must be a number > 0');
      return v;
    }
    case 'duration': {
      const m = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)?$/.exec(text);
      const unit = DURATION_UNIT_US[m?.[2] ?? 's'];
      if (m === null || unit === undefined || Number(m[1]) <= 0) {
        return usage(item, 'the parameter must be a duration > 0 such as 500ms, 60s, 5m');
      }
      return Math.round(Number(m[1]) * unit);
    }
  }
}

/**
 * Parses a processor list such as `sma:20,ema:50,rsi:14,vwap:60s,zscore:500,bbo`.
 * Throws a `usage` error naming the bad item and listing what is allowed; labels must be unique.
 */
export function parseProcessorList(list: string): ProcessorSpec[] {
  const specs: ProcessorSpec[] = [];
  const seen = new Set<string>();
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    const key = (colon < 0 ? item : item.slice(0, colon)).toLowerCase();
    const kind = BY_KEY.get(key);
    if (kind === undefined) return usage(item, 'unknown processor');
    const param = parseParam(item, kind, colon < 0 ? undefined : item.slice(colon + 1));
    if (seen.has(item)) return usage(item, 'listed twice');
    seen.add(item);
    specs.push({ label: item, key, param });
  }
  if (specs.length === 0) usage(list, 'the list is empty');
  return specs;
}

/**
 * Another implementation of processor kinds, asked first for each processor of a list: an
 * instance for (kind key, label, parameter as {@link ProcessorKind.create} takes it), or
 * undefined to leave the kind to the registry. Its processors must give the registry's
 * output, bit for bit (their tests compare the two).
 */
export type ProcessorImpls = (key: string, label: string, param: number) => Processor | undefined;

/**
 * Creates the processor instances of a list (see {@link parseProcessorList}); `impls` may
 * supply some (see {@link ProcessorImpls}).
 */
export function createProcessors(list: string, impls?: ProcessorImpls): Processor[] {
  return parseProcessorList(list).map((spec) => {
    const kind = BY_KEY.get(spec.key);
    if (kind === undefined) return usage(spec.label, 'unknown processor');
    try {
      // The registry's processor first: it validates the parameter with its own errors.
      const processor = kind.create(spec.label, spec.param);
      return impls?.(spec.key, spec.label, spec.param) ?? processor;
    } catch (error) {
      if (error instanceof TickbenchError) {
        throw new TickbenchError('usage', `processor ${JSON.stringify(spec.label)}: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  });
}

/** The processors a replay runs when none are named (CLI and UI alike). */
export const DEFAULT_REPLAY_PROCESSORS = 'sma:20,ema:50,rsi:14,vwap:60s,bbo';
