/**
 * Interns strings to small dense integers so hot paths pass indices instead of strings
 * (processor labels, series names). Index order is first-seen order, hence deterministic.
 */
export class Interner {
  private readonly byName = new Map<string, number>();
  private readonly names: string[] = [];

  /** The index of `name`, adding it if new. Call at set-up time, not per event. */
  intern(name: string): number {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    const idx = this.names.length;
    this.names.push(name);
    this.byName.set(name, idx);
    return idx;
  }

  /** The index of `name`, or -1 when it was never interned. */
  indexOf(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  /** The string of an index; '' for an unknown index. */
  nameOf(idx: number): string {
    return this.names[idx] ?? '';
  }

  get size(): number {
    return this.names.length;
  }

  /** All interned strings, in index order. */
  all(): readonly string[] {
    return this.names;
  }
}
