import { DrawdownBreaker } from '../../risk/drawdown-breaker';
import { PositionLimit } from '../../risk/position-limit';
import { RollingVar } from '../../risk/var';
import { EventKind, type EventBatch, type StreamInfo } from '../../model/events';
import type { Processor, SnapshotValue } from '../processor';
import type { ProcessorContext } from '../processor-context';
import { StreamValues } from './stream-values';

/*
 * Risk processors for a pure replay (no strategy, so no real position): each stream holds a
 * notional position of ONE unit long, marked to market at every trade price, so that VaR,
 * drawdown and limits have returns and exposures to work on. They wrap engine/risk.
 * Breaches are published as `risk-breach` bus events on the transition into the breach.
 */

const TRADES = [EventKind.Trade] as const;

/**
 * `var:N`: historical VaR and ES at 99 % over the last N trade-to-trade simple returns of the
 * unit position (`var`, `es`, loss fractions); emitted once N returns are in the window.
 */
export class VarProcessor implements Processor {
  readonly kinds = TRADES;
  private varIdx = 0;
  private esIdx = 0;
  private streams: readonly StreamInfo[] = [];
  private readonly calcs: (RollingVar | undefined)[] = [];
  private readonly prev: number[] = [];
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
  }

  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    const s = batch.stream[i] as number;
    const price = batch.a[i] as number;
    const prev = this.prev[s];
    this.prev[s] = price;
    if (prev === undefined) return;
    const calc = this.calcs[s] ?? (this.calcs[s] = new RollingVar(this.n));
    calc.update(price / prev - 1);
    const v = calc.historicalVar();
    if (v !== v) return;
    const ts = batch.tsUs[i] as number;
    ctx.emit(ts, s, this.varIdx, v);
    ctx.emit(ts, s, this.esIdx, calc.historicalEs());
    this.out.record(s, v);
  }

  snapshot(): SnapshotValue {
    return this.out.snapshot(this.streams);
  }
}

/**
 * `drawdown[:H]`: a drawdown breaker on the unit position's equity (the trade price): REDUCING
 * from H/2 %, HALTED from H % below the peak (default H = 1). Emits `drawdown` (percent) at
 * every trade and a breach on each state change away from ACTIVE.
 */
export class DrawdownProcessor implements Processor {
  readonly kinds = TRADES;
  private nameIdx = 0;
  private streams: readonly StreamInfo[] = [];
  private readonly breakers: (DrawdownBreaker | undefined)[] = [];
  private readonly out = new StreamValues();

  constructor(
    readonly name: string,
    private readonly haltAtPct: number,
  ) {
    this.create();
  }

  init(ctx: ProcessorContext): void {
    this.nameIdx = ctx.nameId('drawdown');
    this.streams = ctx.streams;
  }

  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    const s = batch.stream[i] as number;
    const b = this.breakers[s] ?? (this.breakers[s] = this.create());
    const ts = batch.tsUs[i] as number;
    const before = b.state;
    const after = b.update(batch.a[i] as number, ts);
    const dd = b.drawdownPct;
    ctx.emit(ts, s, this.nameIdx, dd);
    this.out.record(s, dd);
    if (after !== before && after !== 'ACTIVE') {
      ctx.breach(ts, s, `drawdown:${after}`, dd, after === 'HALTED' ? this.haltAtPct : this.haltAtPct / 2);
    }
  }

  snapshot(): SnapshotValue {
    const states: Record<string, SnapshotValue> = {};
    for (const st of this.streams) {
      const b = this.breakers[st.id];
      if (b !== undefined) states[`${st.venue}:${st.symbol}`] = b.state;
    }
    return { drawdownPct: this.out.snapshot(this.streams), state: states };
  }

  private create(): DrawdownBreaker {
    return new DrawdownBreaker({ reduceAtPct: this.haltAtPct / 2, haltAtPct: this.haltAtPct });
  }
}

/**
 * `limit[:X]`: position limit of X quote units of notional per symbol (default 1 000 000) on
 * the unit position. Emits `utilization` (notional / limit) at every trade and a breach when
 * the notional goes over the limit (again after it came back under).
 */
export class LimitProcessor implements Processor {
  readonly kinds = TRADES;
  private nameIdx = 0;
  private streams: readonly StreamInfo[] = [];
  private readonly limit: PositionLimit;
  private readonly inBreach: boolean[] = [];
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
  }

  onEvent(batch: EventBatch, i: number, ctx: ProcessorContext): void {
    const s = batch.stream[i] as number;
    const price = batch.a[i] as number;
    const ts = batch.tsUs[i] as number;
    const u = price / this.maxNotional;
    ctx.emit(ts, s, this.nameIdx, u);
    this.out.record(s, u);
    // Opening the unit position from flat is the exposure the limit is measured on.
    const violation = this.limit.checkPosition(ctx.streamById[s]?.symbol ?? '', 0, 1, price);
    const was = this.inBreach[s] === true;
    this.inBreach[s] = violation !== null;
    if (violation !== null && !was)
      ctx.breach(ts, s, `limit:${violation.rule}`, violation.actual, violation.limit);
  }

  snapshot(): SnapshotValue {
    return { utilization: this.out.snapshot(this.streams), maxNotional: this.maxNotional };
  }
}
