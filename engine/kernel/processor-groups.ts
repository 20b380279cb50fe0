import { EventKind } from '../model/events';
import type { Processor } from './processor';
import type { ProcessorContext } from './processor-context';

/**
 * A kernel's processors grouped for dispatch, each group in list order (arrays indexed by
 * event kind hold a slot per kind value, the unused 0 included).
 */
export class ProcessorGroups {
  /** Processors by event kind: all subscribers (the timed, event-by-event path). */
  readonly byKind: Processor[][] = [[], [], [], []];
  readonly ctxByKind: ProcessorContext[][] = [[], [], [], []];
  /** Processors called event by event within a run (no `onBatch`, or book subscribers), by kind. */
  readonly perEventByKind: Processor[][] = [[], [], [], []];
  readonly perEventCtxByKind: ProcessorContext[][] = [[], [], [], []];
  /** How many processors are called event by event within a run. */
  readonly perEventCount: number;
  /** Processors with `onBatch` that see no book events: each runs a whole run in one call. */
  readonly batchProcs: Processor[] = [];
  readonly batchCtxs: ProcessorContext[] = [];

  constructor(processors: readonly Processor[], contexts: readonly ProcessorContext[]) {
    let perEvent = 0;
    processors.forEach((p, idx) => {
      const ctx = contexts[idx] as ProcessorContext;
      const batched = p.onBatch !== undefined && !p.kinds.includes(EventKind.Book);
      if (batched) {
        this.batchProcs.push(p);
        this.batchCtxs.push(ctx);
      } else perEvent++;
      for (const k of p.kinds) {
        this.byKind[k]?.push(p);
        this.ctxByKind[k]?.push(ctx);
        if (!batched) {
          this.perEventByKind[k]?.push(p);
          this.perEventCtxByKind[k]?.push(ctx);
        }
      }
    });
    this.perEventCount = perEvent;
  }
}
