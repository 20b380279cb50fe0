/** Any value as display text: strings as they are, null/undefined as '', objects as JSON. */
export function toText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return v.toString();
    case 'undefined':
      return '';
    case 'object':
      return v === null
        ? ''
        : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
    default:
      return typeof v;
  }
}
