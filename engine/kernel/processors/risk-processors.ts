import {
  type BreakerState,
  DrawdownBreaker,
  drawdownPctOf,
  nextBreakerState,
} from '../../risk/drawdown-breaker';
import { PositionLimit } from '../../risk/position-limit';
import type { TailWindow } from '../../risk/tail-window';
import { lossTail, RollingVar } from '../../risk/var';
import { requireFinite } from '../../signal/validate';
import type { EventBatch, StreamInfo } from '../../model/events';
import type { Processor, SnapshotValue } from '../processor';
import type { ProcessorContext } from '../processor-context';
import { StreamValues } from './stream-values';
import { calculators, PRICE, TRADE, TRADES } from './trade-processor-base';

/*
 * Risk processors for a pure replay (no strategy, so no real position): each stream holds a
 * notional position of ONE unit long, marked to market at every trade price, so that VaR,
 * drawdown and limits have returns and exposures to work on. They wrap engine/risk.
 * Breaches are published as `risk-breach` bus events on the transition into the breach.
 * The batch loops follow the pattern described in trade-processor-base.ts.
 */

/** Confidence of the replay's VaR and ES. */
export const VAR_CONFIDENCE = 0.99;

/**
 * `var:N`: historical VaR and ES at 99 % over the last N trade-to-trade simple returns of the
 * unit position (`var`, `es`, loss fractions); emitted once N returns are in the window.
 */
export class VarProcessor implements Processor {
  readonly kinds = TRADES;
  readonly reads = PRICE;
  private varIdx = 0;
  private esIdx = 0;
  private streams: readonly StreamInfo[] = [];
  /** The loss window per stream (see `lossTail`). */
  private calcs: (TailWindow | undefined)[] = [];
  /** Previous trade price per stream, and whether there was one. */
  private prev = new Float64Array(0);
  private seen = new Uint8Array(0);
  private readonly out = new StreamValues();

  constructor(
    readonly name: string,
    private readonly n: number,
  ) {
    new RollingVar(n);
  }

  init(ctx: ProcessorContext): void {
    this.varIdx = ctx.nameId('var');
    this.esIdx = ctx.nameId('es');
    this.streams = ctx.streams;
    this.prev = new Float64Array(ctx.streamCount);
    this.seen = new Uint8Array(ctx.streamCount);
    this.calcs = calculators(ctx.streamCount);
    this.out.reserve(ctx.streamCount);
  }

  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }

  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const trade = TRADE;
    const stream = batch.stream;
    const px = batch.a;
    const ts = batch.tsUs;
    const prevs = this.prev;
    const seen = this.seen;
    const calcs = this.calcs;
    const last = this.out.last;
    const count = this.out.count;
    const capture = !ctx.counting;
    let n = 0;
    let i = from;
    try {
      for (; i < to; i++) {
        if (kind[i] !== trade) continue;
        const s = stream[i] as number;
        const price = px[i] as number;
        const prev = prevs[s] as number;
        prevs[s] = price;
        if (seen[s] === 0) {
          seen[s] = 1;
          continue;
        }
        // Only the historical figures are emitted: `RollingVar`'s loss window alone, without
        // its parametric moments or the calls around the window (~8 % of this loop).
        const tail = calcs[s] ?? (calcs[s] = lossTail(this.n, VAR_CONFIDENCE));
        const r = price / prev - 1;
        if (r - r !== 0) requireFinite('returnValue', r);
        tail.push(0 - r);
        if (!tail.full) continue;
        const v = tail.smallestOfTop();
        if (v !== v) continue;
        if (capture) {
          const t = ts[i] as number;
          ctx.emitAt(i, t, s, this.varIdx, v);
          ctx.emitAt(i, t, s, this.esIdx, tail.meanOfTop());
        } else n += 2; // counted only (nobody listens): ES is not even computed
        last[s] = v;
        count[s] = (count[s] as number) + 1;
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }

  snapshot(): SnapshotValue {
    return this.out.snapshot(this.streams);
  }
}

/**
 * `drawdown[:H]`: a drawdown breaker on the unit position's equity (the trade price): REDUCING
 * from H/2 %, HALTED from H % below the peak (default H = 1). Emits `drawdown` (percent) at
 * every trade and a breach on each state change away from ACTIVE. The breaker per stream is
 * `DrawdownBreaker`'s arithmetic on arrays indexed by stream (peak equity and state).
 */
export class DrawdownProcessor implements Processor {
  readonly kinds = TRADES;
  readonly reads = PRICE;
  private nameIdx = 0;
  private streams: readonly StreamInfo[] = [];
  /** Peak equity per stream (NaN before its first trade), state, and whether it traded. */
  private peak = new Float64Array(0);
  private state: BreakerState[] = [];
  private seen = new Uint8Array(0);
  private readonly out = new StreamValues();

  constructor(
    readonly name: string,
    private readonly haltAtPct: number,
  ) {
    // Validates H as the breaker would.
    new DrawdownBreaker({ reduceAtPct: haltAtPct / 2, haltAtPct });
  }

  init(ctx: ProcessorContext): void {
    this.nameIdx = ctx.nameId('drawdown');
    this.streams = ctx.streams;
    this.peak = new Float64Array(ctx.streamCount).fill(Number.NaN);
    this.state = Array.from({ length: ctx.streamCount }, (): BreakerState => 'ACTIVE');
    this.seen = new Uint8Array(ctx.streamCount);
    this.out.reserve(ctx.streamCount);
  }

  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }

  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const trade = TRADE;
    const stream = batch.stream;
    const px = batch.a;
    const tsCol = batch.tsUs;
    const peaks = this.peak;
    const states = this.state;
    const seen = this.seen;
    const last = this.out.last;
    const count = this.out.count;
    const nameIdx = this.nameIdx;
    const haltAt = this.haltAtPct;
    const reduceAt = haltAt / 2;
    const capture = !ctx.counting;
    let n = 0;
    let i = from;
    try {
      for (; i < to; i++) {
        if (kind[i] !== trade) continue;
        const s = stream[i] as number;
        seen[s] = 1;
        const equity = px[i] as number;
        const ts = tsCol[i] as number;
        // `DrawdownBreaker.update`'s checks, inline; the calls only to throw their errors.
        if (equity - equity !== 0 || ts - ts !== 0) {
          requireFinite('equity', equity);
          requireFinite('tsUs', ts);
        }
        let peak = peaks[s] as number;
        if (!(equity <= peak)) peaks[s] = peak = equity;
        const dd = drawdownPctOf(peak, equity);
        const before = states[s] ?? 'ACTIVE';
        // REDUCING is sticky (no reset level): −1.
        const after = nextBreakerState(before, dd, reduceAt, haltAt, -1);
        if (capture) ctx.emitAt(i, ts, s, nameIdx, dd);
        else n++;
        last[s] = dd;
        count[s] = (count[s] as number) + 1;
        if (after !== before) {
          states[s] = after;
          if (after !== 'ACTIVE') {
            ctx.breachAt(i, ts, s, `drawdown:${after}`, dd, after === 'HALTED' ? haltAt : reduceAt);
          }
        }
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }

  snapshot(): SnapshotValue {
    const states: Record<string, SnapshotValue> = {};
    for (const st of this.streams) {
      if (this.seen[st.id] === 1) states[`${st.venue}:${st.symbol}`] = this.state[st.id] ?? 'ACTIVE';
    }
    return { drawdownPct: this.out.snapshot(this.streams), state: states };
  }
}

/**
 * `limit[:X]`: position limit of X quote units of notional per symbol (default 1 000 000) on
 * the unit position. Emits `utilization` (notional / limit) at every trade and a breach when
 * the notional goes over the limit (again after it came back under).
 */
export class LimitProcessor implements Processor {
  readonly kinds = TRADES;
  readonly reads = PRICE;
  private nameIdx = 0;
  private streams: readonly StreamInfo[] = [];
  private readonly limit: PositionLimit;
  private inBreach = new Uint8Array(0);
  /** Last trade price per stream: the last utilization is computed from it in `snapshot`. */
  private lastPrice = new Float64Array(0);
  private symbols: string[] = [];
  private readonly out = new StreamValues();

  constructor(
    readonly name: string,
    private readonly maxNotional: number,
  ) {
    this.limit = new PositionLimit({ defaults: { maxNotional } });
  }

  init(ctx: ProcessorContext): void {
    this.nameIdx = ctx.nameId('utilization');
    this.streams = ctx.streams;
    this.inBreach = new Uint8Array(ctx.streamCount);
    this.lastPrice = new Float64Array(ctx.streamCount);
    this.symbols = Array.from({ length: ctx.streamCount }, (_, id) => ctx.streamById[id]?.symbol ?? '');
    this.out.reserve(ctx.streamCount);
  }

  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    this.onBatch(batch, i, i + 1, ctx);
  }

  onBatch(batch: EventBatch, from: number, to: number, ctx: ProcessorContext): void {
    const kind = batch.kind;
    const trade = TRADE;
    const stream = batch.stream;
    const px = batch.a;
    const tsCol = batch.tsUs;
    const inBreach = this.inBreach;
    const count = this.out.count;
    const nameIdx = this.nameIdx;
    const maxNotional = this.maxNotional;
    const lastPrice = this.lastPrice;
    const capture = !ctx.counting;
    let n = 0;
    let i = from;
    try {
      for (; i < to; i++) {
        if (kind[i] !== trade) continue;
        const s = stream[i] as number;
        const price = px[i] as number;
        if (capture) ctx.emitAt(i, tsCol[i] as number, s, nameIdx, price / maxNotional);
        else n++;
        lastPrice[s] = price;
        count[s] = (count[s] as number) + 1;
        // Opening the unit position from flat is the exposure the limit is measured on. Only
        // the notional limit is configured, so a price at or under it cannot violate: the
        // (allocating) check runs only above it, or for a NaN price.
        if (price <= maxNotional) {
          inBreach[s] = 0;
          continue;
        }
        const violation = this.limit.checkPosition(this.symbols[s] ?? '', 0, 1, price);
        const was = inBreach[s] === 1;
        inBreach[s] = violation !== null ? 1 : 0;
        if (violation !== null && !was)
          ctx.breachAt(
            i,
            tsCol[i] as number,
            s,
            `limit:${violation.rule}`,
            violation.actual,
            violation.limit,
          );
      }
    } catch (error) {
      throw ctx.failedAt(i, error);
    } finally {
      ctx.countValues(n);
    }
  }

  snapshot(): SnapshotValue {
    // Every trade emits: the last utilization is that of the stream's last price.
    const last = this.out.last;
    for (let s = 0; s < this.lastPrice.length; s++)
      last[s] = (this.lastPrice[s] as number) / this.maxNotional;
    return { utilization: this.out.snapshot(this.streams), maxNotional: this.maxNotional };
  }
}
