/**
 * Something derived from a series key `(processor, venue, symbol, name)` — its CSV bytes, its
 * id — computed once per key: writers get a row's key as four interned strings and look it up
 * here by identity of each, field by field (no string built per row).
 */
export class SeriesKeyCache<V> {
  private readonly root = new Map<string, Map<string, Map<string, Map<string, V>>>>();

  constructor(private readonly make: (processor: string, venue: string, symbol: string, name: string) => V) {}

  get(processor: string, venue: string, symbol: string, name: string): V {
    const byName = child(child(child(this.root, processor), venue), symbol);
    let v = byName.get(name);
    if (v === undefined) {
      v = this.make(processor, venue, symbol, name);
      byName.set(name, v);
    }
    return v;
  }
}

/** The map under `key` in `parent`, created empty on first use. */
function child<V>(parent: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let m = parent.get(key);
  if (m === undefined) {
    m = new Map<string, V>();
    parent.set(key, m);
  }
  return m;
}
