import type { SignalBus } from '../bus/signal-bus';
import type { DeferredEvent, ProcessorContext } from './processor-context';
import type { SeriesBuffer } from './series-buffer';

/**
 * The output of a kernel run, after it: every processor buffered its values (or only counted
 * them) and deferred its object events; this merges them onto the bus in the order an
 * event-by-event dispatch would have published them.
 */
export class RunOutput {
  /** The processors' value buffers, in processor order: the runs published after each range. */
  private readonly runs: readonly SeriesBuffer[];

  constructor(
    private readonly contexts: readonly ProcessorContext[],
    private readonly bus: SignalBus,
    /** Shared with the contexts, which push into it. */
    private readonly deferred: DeferredEvent[],
  ) {
    this.runs = contexts.map((ctx) => ctx.out);
  }

  /**
   * Publishes the values of the run [from, to) in (event, processor) order — or only counts
   * them when nobody listens — then the deferred object events in the same order.
   */
  drain(from: number, to: number, capture: boolean): void {
    const ctxs = this.contexts;
    const k = ctxs.length;
    if (capture) {
      this.bus.publishRuns(this.runs, from, to);
      for (let p = 0; p < k; p++) {
        const ctx = ctxs[p] as ProcessorContext;
        ctx.out.clear();
        ctx.drained = ctx.emitted;
      }
    } else {
      let n = 0;
      for (let p = 0; p < k; p++) {
        const ctx = ctxs[p] as ProcessorContext;
        n += ctx.emitted - ctx.drained;
        ctx.drained = ctx.emitted;
      }
      this.bus.countValues(n);
    }
    const deferred = this.deferred;
    if (deferred.length > 0) {
      // Stable: events of one (event, order) keep the order they were raised in.
      const events = deferred.splice(0).sort((a, b) => a.ev - b.ev || a.order - b.order);
      for (const d of events) this.bus.publish(d.event);
    }
  }
}
