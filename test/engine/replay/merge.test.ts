import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeSources, replayKey } from '../../../engine/replay/merge';
import { type Row, arraySource, rowAt, stream } from './array-source';

async function collect(source: ReturnType<typeof mergeSources>): Promise<Row[]> {
  const out: Row[] = [];
  for await (const b of source.batches()) for (let i = 0; i < b.length; i++) out.push(rowAt(b, i));
  return out;
}

/** Rows of one input, sorted by replay key; `d` tags (input, position) to check stability. */
const inputArb = (input: number, maxKey = 30, maxLength = 40) =>
  fc
    .array(
      fc.record({
        t: fc.integer({ min: 0, max: maxKey }),
        local: fc.option(fc.integer({ min: 0, max: maxKey }), { nil: undefined }),
        s: fc.integer({ min: 0, max: 1 }),
      }),
      { maxLength },
    )
    .map((xs) =>
      xs
        .map((x) => ({ key: x.local ?? x.t, x }))
        .sort((p, q) => p.key - q.key)
        .map(({ x }, pos): Row => ({
          kind: 1,
          stream: x.s,
          tsUs: x.t,
          ...(x.local === undefined ? {} : { localTsUs: x.local }),
          a: input,
          d: pos,
        })),
    );

describe('mergeSources', () => {
  it('time order, stability (input order, then source order), no loss — any inputs, any batch sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 })
          .chain((ids) =>
            fc.tuple(
              fc.tuple(...ids.map((_, k) => inputArb(k))),
              fc.array(fc.integer({ min: 1, max: 9 }), { minLength: ids.length, maxLength: ids.length }),
              fc.integer({ min: 1, max: 16 }),
            ),
          ),
        async ([inputs, batchSizes, capacity]) => {
          const sources = inputs.map((rows, k) =>
            arraySource(
              [stream(0, 'trades', `S${k}a`), stream(1, 'trades', `S${k}b`)],
              rows,
              batchSizes[k] ?? 1,
            ),
          );
          const merged = mergeSources(sources, { capacity });
          const got = await collect(merged);
          // Reference: a stable sort of the concatenation by key (input order preserved on ties).
          const all = inputs.flatMap((rows, k) => rows.map((r) => ({ ...r, stream: r.stream + 2 * k })));
          const key = (r: Row) => r.localTsUs ?? r.tsUs;
          const want = [...all].sort((p, q) => key(p) - key(q));
          expect(got.map((r) => [key(r), r.a, r.d, r.stream])).toEqual(
            want.map((r) => [key(r), r.a, r.d, r.stream]),
          );
          expect(merged.streams.map((s) => s.id)).toEqual(inputs.flatMap((_, k) => [2 * k, 2 * k + 1]));
          expect(merged.totalEvents).toBe(all.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('many inputs (1–16), many equal keys, runs of any length: same order as a stable sort', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 16 })
          .chain((k) =>
            fc.tuple(
              fc.tuple(...Array.from({ length: k }, (_, m) => inputArb(m, 4, 60))),
              fc.array(fc.integer({ min: 1, max: 70 }), { minLength: k, maxLength: k }),
              fc.integer({ min: 1, max: 100 }),
            ),
          ),
        async ([inputs, batchSizes, capacity]) => {
          const sources = inputs.map((rows, k) =>
            arraySource(
              [stream(0, 'trades', `S${k}a`), stream(1, 'trades', `S${k}b`)],
              rows,
              batchSizes[k] ?? 1,
            ),
          );
          const got = await collect(mergeSources(sources, { capacity }));
          const all = inputs.flatMap((rows, k) => rows.map((r) => ({ ...r, stream: r.stream + 2 * k })));
          const key = (r: Row) => r.localTsUs ?? r.tsUs;
          const want = [...all].sort((p, q) => key(p) - key(q));
          expect(got.map((r) => [key(r), r.tsUs, r.a, r.d, r.stream])).toEqual(
            want.map((r) => [key(r), r.tsUs, r.a, r.d, r.stream]),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('copies long runs whole and keeps every column (set path), with an input that ends early', async () => {
    const long = (input: number, t0: number, n: number): Row[] =>
      Array.from({ length: n }, (_, i) => ({
        kind: 3,
        stream: i % 2,
        tsUs: t0 + i - 7,
        localTsUs: t0 + i,
        a: input,
        b: i * 0.5,
        c: i % 2 === 0 ? 1 : -1,
        d: i,
        e: i + 1,
        f: i - 1,
        flags: i % 4,
      }));
    const inputs = [long(0, 0, 500), long(1, 200, 50), long(2, 1000, 300)];
    const sources = inputs.map((rows, k) =>
      arraySource([stream(0, 'book', `S${k}a`), stream(1, 'book', `S${k}b`)], rows, 128),
    );
    const got = await collect(mergeSources(sources, { capacity: 100 }));
    const all = inputs.flatMap((rows, k) => rows.map((r) => ({ ...r, stream: r.stream + 2 * k })));
    const key = (r: Row) => r.localTsUs ?? r.tsUs;
    expect(got).toEqual([...all].sort((p, q) => key(p) - key(q)));
  });

  it('replayKey prefers receive time and falls back to exchange time', async () => {
    const src = arraySource(
      [stream(0, 'trades')],
      [
        { kind: 1, stream: 0, tsUs: 5, localTsUs: 9 },
        { kind: 1, stream: 0, tsUs: 12 },
      ],
    );
    for await (const b of src.batches()) {
      expect(replayKey(b, 0)).toBe(9);
      expect(replayKey(b, 1)).toBe(12);
    }
  });
});
