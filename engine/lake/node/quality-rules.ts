import type { DataKind } from '../../model/kinds';

/**
 * Row validation rules, one per kind, over the staging row layout (the kind's columns in
 * `KIND_COLUMNS` order). Returns null when the row is valid, else `[reason key, detail]`.
 * Reason keys are the stable categories counted in quality summaries.
 */
export type RejectReason =
  | 'unparseable'
  | 'non-finite'
  | 'price <= 0'
  | 'size < 0'
  | 'crossed quote'
  | 'unknown side'
  | 'bad timestamp'
  | 'inconsistent bar';

export type Verdict = readonly [RejectReason, string] | null;

const nonFinite = (name: string, v: number): Verdict => [
  'non-finite',
  `${name} is ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}`,
];

function checkTimes(row: Float64Array, base: number): Verdict {
  const ts = row[base] ?? Number.NaN;
  if (!Number.isFinite(ts) || ts <= 0)
    return ['bad timestamp', `exchange timestamp ${ts} is not a positive epoch time`];
  const local = row[base + 1] ?? Number.NaN;
  if (!Number.isNaN(local) && (!Number.isFinite(local) || local <= 0)) {
    return ['bad timestamp', `local timestamp ${local} is not a positive epoch time`];
  }
  return null;
}

function checkPrice(name: string, v: number): Verdict {
  if (!Number.isFinite(v)) return nonFinite(name, v);
  if (v <= 0) return ['price <= 0', `${name} ${v} <= 0`];
  return null;
}

function checkSize(name: string, v: number): Verdict {
  if (!Number.isFinite(v)) return nonFinite(name, v);
  if (v < 0) return ['size < 0', `${name} ${v} < 0`];
  return null;
}

function checkSide(v: number): Verdict {
  return v === 1 || v === -1 ? null : ['unknown side', `side ${v} is not +1 or -1`];
}

/** Element `i` of a row source (a plain function: no closure per validated row). */
function at(src: Float64Array, i: number): number {
  return src[i] ?? Number.NaN;
}

/**
 * Validates one staged row of `kind`: the kind's columns in order at `src[base..]` (a scratch
 * row, or a row of a parse worker's values).
 */
export function validateRow(kind: DataKind, src: Float64Array, base = 0): Verdict {
  const t = checkTimes(src, base);
  if (t !== null) return t;
  switch (kind) {
    case 'trades':
      return (
        checkPrice('price', at(src, base + 3)) ??
        checkSize('size', at(src, base + 4)) ??
        checkSide(at(src, base + 5))
      );
    case 'quotes': {
      const r =
        checkPrice('bid_px', at(src, base + 2)) ??
        checkSize('bid_sz', at(src, base + 3)) ??
        checkPrice('ask_px', at(src, base + 4)) ??
        checkSize('ask_sz', at(src, base + 5));
      if (r !== null) return r;
      return at(src, base + 2) >= at(src, base + 4)
        ? ['crossed quote', `bid ${at(src, base + 2)} >= ask ${at(src, base + 4)}`]
        : null;
    }
    case 'book':
      return (
        checkSide(at(src, base + 5)) ??
        checkPrice('price', at(src, base + 6)) ??
        checkSize('size', at(src, base + 7))
      );
    case 'bars': {
      const r =
        checkPrice('open', at(src, base + 2)) ??
        checkPrice('high', at(src, base + 3)) ??
        checkPrice('low', at(src, base + 4)) ??
        checkPrice('close', at(src, base + 5)) ??
        checkSize('volume', at(src, base + 6));
      if (r !== null) return r;
      const o = at(src, base + 2);
      const h = at(src, base + 3);
      const l = at(src, base + 4);
      const c = at(src, base + 5);
      if (h < Math.max(o, c, l) || l > Math.min(o, c, h))
        return ['inconsistent bar', `high ${h} / low ${l} do not bound open ${o} / close ${c}`];
      return null;
    }
  }
}

/**
 * A row test that never allocates, for a kind whose valid rows are most rows: true exactly when
 * `validateRow(kind, src, base)` is null. Trades and quotes (the big files) get one written out;
 * other kinds ask `validateRow`.
 */
export function validityTest(kind: DataKind): (src: Float64Array, base: number) => boolean {
  switch (kind) {
    case 'trades':
      return validTrade;
    case 'quotes':
      return validQuote;
    case 'book':
    case 'bars':
      return (src, base) => validateRow(kind, src, base) === null;
  }
}

/** `checkTimes`: a positive finite exchange time; a local time NaN or positive finite. */
function validTimes(src: Float64Array, base: number): boolean {
  const ts = src[base] ?? Number.NaN;
  const local = src[base + 1] ?? Number.NaN;
  return ts > 0 && ts < Infinity && (local !== local || (local > 0 && local < Infinity));
}

/** Positive finite price, finite size ≥ 0 (NaN fails every comparison). */
function validPriceSize(price: number, size: number): boolean {
  return price > 0 && price < Infinity && size >= 0 && size < Infinity;
}

function validTrade(src: Float64Array, base: number): boolean {
  const side = src[base + 5] ?? Number.NaN;
  return (
    validTimes(src, base) &&
    validPriceSize(src[base + 3] ?? Number.NaN, src[base + 4] ?? Number.NaN) &&
    (side === 1 || side === -1)
  );
}

function validQuote(src: Float64Array, base: number): boolean {
  const bid = src[base + 2] ?? Number.NaN;
  const ask = src[base + 4] ?? Number.NaN;
  return (
    validTimes(src, base) &&
    validPriceSize(bid, src[base + 3] ?? Number.NaN) &&
    validPriceSize(ask, src[base + 5] ?? Number.NaN) &&
    bid < ask
  );
}
