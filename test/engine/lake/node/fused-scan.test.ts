// The CSV fast path (FusedScanner) must give bit-identical values to the general path
// (`parseDecimal`, `parseEpochUs`) wherever it accepts a field, and must accept the plain shapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal, parseEpochUs, type EpochUnit } from '../../../../engine/lake/node/bytes';
import { TsColumn } from '../../../../engine/lake/node/formats/fields';
import {
  FusedScanner,
  NUM,
  OPT_NUM,
  OPT_TS,
  SKIP,
  TEXT,
  TS,
} from '../../../../engine/lake/node/formats/fused-scan';
import { StreamMatcher } from '../../../../engine/lake/node/formats/stream-match';

const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...'0123456789'.split('')), { minLength: min, maxLength: max })
    .map((a) => a.join(''));

/** Decimal-looking text: plain shapes mostly, with the odd exponent, space, sign or garbage. */
const decimalText: fc.Arbitrary<string> = fc
  .oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(
        fc.constantFrom('', '-', '+'),
        digits(1, 18),
        fc.option(digits(0, 24), { nil: null }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('', '-'), digits(0, 3), fc.constant<string | null>('')),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        fc.constant(''),
        fc.constantFrom('1e5', ' 12', '1.5 ', 'NaN', 'inf', '0x1', '1.2.3', '--1', '.', '-', '"1"'),
        fc.constant<string | null>(null),
      ),
    },
  )
  .map(([sign, int, frac]) => `${sign}${int}${frac === null ? '' : `.${frac}`}`);

function line(fields: readonly string[]): Buffer {
  return Buffer.from(fields.join(','), 'latin1');
}

function scanOne(plan: number[], fields: string[], ts: (TsColumn | undefined)[] = []): FusedScanner | null {
  const sc = new FusedScanner(Uint8Array.from(plan), ts);
  const buf = line(fields);
  return sc.scan(buf, 0, buf.length) ? sc : null;
}

describe('FusedScanner', () => {
  it('decimals: where accepted, bit-identical to parseDecimal and Number (property)', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const sc = scanOne([TEXT, NUM, SKIP], ['x', text, 'y']);
        const b = Buffer.from(text, 'latin1');
        const general = parseDecimal(b, 0, b.length);
        if (sc === null) {
          // Only unusual shapes go to the general path.
          const plain = /^[+-]?\d+(\.\d*)?$/.test(text) && text.replace(/\D/g, '').length <= 15;
          expect(plain).toBe(false);
          return;
        }
        expect(Object.is(sc.values[1], general)).toBe(true);
        expect(Object.is(sc.values[1], Number(text))).toBe(true);
        expect([sc.starts[1], sc.ends[1]]).toEqual([2, 2 + text.length]);
      }),
    );
  });

  it('optional decimals: empty is NaN, required empty needs the general path', () => {
    expect(scanOne([OPT_NUM, NUM], ['', '1.5'])?.values[0]).toBeNaN();
    expect(scanOne([NUM, NUM], ['', '1.5'])).toBeNull();
    expect(scanOne([NUM], ['-0'])?.values[0]).toBe(-0);
    expect(scanOne([NUM], ['007.50'])?.values[0]).toBe(7.5);
  });

  it('epochs: where accepted, identical to parseEpochUs in the column unit (property)', () => {
    const units: EpochUnit[] = ['s', 'ms', 'us', 'ns'];
    fc.assert(
      fc.property(
        fc.oneof(digits(1, 21), fc.constantFrom('', '1.5', '-17', ' 1', '1e9', '9007199254740993')),
        fc.constantFrom(...units),
        (text, unit) => {
          const col = new TsColumn('ts_us');
          col.unit = unit;
          const sc = scanOne([TS, OPT_TS], [text, ''], [col, col]);
          const b = Buffer.from(text, 'latin1');
          const out: { unit: EpochUnit } = { unit: 'us' };
          const general = parseEpochUs(b, 0, b.length, out);
          if (sc === null) return;
          expect(out.unit).toBe(unit);
          expect(Object.is(sc.values[0], general)).toBe(true);
          expect(sc.values[1]).toBeNaN();
        },
      ),
    );
  });

  it('takes plain timestamps of the known unit, declines an unknown or other unit', () => {
    const col = new TsColumn('ts_us');
    expect(scanOne([TS], ['1723075200000005'], [col])).toBeNull(); // unit not known yet
    col.unit = 'us';
    expect(scanOne([TS], ['1723075200000005'], [col])?.values[0]).toBe(1723075200000005);
    expect(scanOne([TS], ['1723075200000'], [col])).toBeNull(); // ms in a µs column
    col.unit = 'ns';
    expect(scanOne([TS], ['1723075200000005123'], [col])?.values[0]).toBe(1723075200000005);
  });

  it('declines quoted fields and wrong field counts', () => {
    expect(scanOne([TEXT, NUM], ['"a,b"', '1'])).toBeNull();
    const sc = new FusedScanner(Uint8Array.from([TEXT, NUM]), []);
    for (const text of ['a', 'a,1,2', 'a,1,', '', 'a,"1"']) {
      const b = Buffer.from(text);
      expect(sc.scan(b, 0, b.length)).toBe(false);
    }
    const ok = Buffer.from('xx\nab,12\n');
    expect(sc.scan(ok, 3, 8)).toBe(true);
    expect(sc.values[1]).toBe(12);
    expect(ok.toString('latin1', sc.starts[0], sc.ends[0])).toBe('ab');
  });
});

describe('StreamMatcher', () => {
  it('finds exactly the registered (venue, symbol) pairs from bytes (property)', () => {
    const name = fc.string({
      unit: fc.constantFrom(...'ABCDEFUSDT-_0123456789'.split('')),
      minLength: 0,
      maxLength: 12,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, name), { maxLength: 40, selector: ([v, s]) => `${v}|${s}` }),
        fc.tuple(name, name),
        (pairs, probe) => {
          const m = new StreamMatcher<number>(64);
          pairs.forEach(([v, s], i) => {
            m.add(v, s, i);
          });
          for (const [[v, s], i] of [...pairs.map((p, i) => [p, i] as const), [probe, -1] as const]) {
            const buf = Buffer.from(`zz,${v},${s},`, 'latin1');
            const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
            const found = m.find(view, 3, 3 + v.length, 4 + v.length, 4 + v.length + s.length);
            const expected = pairs.findIndex(([pv, ps]) => pv === v && ps === s);
            expect(found).toBe(expected < 0 ? undefined : expected);
            if (i >= 0) expect(found).toBe(i);
          }
        },
      ),
    );
  });

  it('keeps at most its capacity', () => {
    const m = new StreamMatcher<number>(2);
    m.add('a', 'x', 1);
    m.add('a', 'x', 9);
    m.add('a', 'y', 2);
    m.add('a', 'z', 3);
    expect(m.size).toBe(2);
  });
});
