import type { TimerCallback } from './clock';

/** One scheduled timer. Allocated once per `schedule*` call, never per event. */
export interface TimerEntry {
  /** Due time, µs since the epoch. */
  dueUs: number;
  /** Tie-breaker: timers due at the same time fire in scheduling order. */
  seq: number;
  /** Repeat interval in µs; 0 for one-shot timers. */
  readonly intervalUs: number;
  readonly fn: TimerCallback;
  cancelled: boolean;
}

/**
 * A binary min-heap of timers ordered by (due time, sequence). The sequence makes the order
 * total, so timers due at the same µs fire in the order they were scheduled (stable).
 */
export class TimerHeap {
  private readonly items: TimerEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The earliest timer, or undefined when empty. */
  peek(): TimerEntry | undefined {
    return this.items[0];
  }

  push(entry: TimerEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent];
      if (p === undefined || !before(entry, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = entry;
  }

  pop(): TimerEntry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    // Sift `last` down from the root.
    const n = items.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const left = items[l];
      const right = items[r];
      if (left === undefined) break;
      let child = l;
      let c = left;
      if (right !== undefined && before(right, left)) {
        child = r;
        c = right;
      }
      if (!before(c, last)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

function before(x: TimerEntry, y: TimerEntry): boolean {
  return x.dueUs < y.dueUs || (x.dueUs === y.dueUs && x.seq < y.seq);
}
