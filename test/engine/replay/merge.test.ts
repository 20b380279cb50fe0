import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventBatch } from '../../../engine/model/events';
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

/** One source per input, with two trade streams each, cut into batches of the given sizes. */
function tradeSources(inputs: readonly Row[][], batchSizes: readonly number[]) {
  return inputs.map((rows, k) =>
    arraySource([stream(0, 'trades', `S${k}a`), stream(1, 'trades', `S${k}b`)], rows, batchSizes[k] ?? 1),
  );
}

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
          const sources = tradeSources(inputs, batchSizes);
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
          const sources = tradeSources(inputs, batchSizes);
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

  it('rows with no time at all go out right after the row before them in their input', async () => {
    /** The reference: take the input whose head sorts first, a head with no time first of all. */
    const reference = (inputs: Row[][]): Row[] => {
      const pos = inputs.map(() => 0);
      const head = (k: number): number => {
        const r = inputs[k]?.[pos[k] ?? 0];
        if (r === undefined) return Infinity;
        const t = r.localTsUs ?? r.tsUs;
        return Number.isNaN(t) ? -Infinity : t;
      };
      const out: Row[] = [];
      for (;;) {
        let b = -1;
        for (let k = 0; k < inputs.length; k++)
          if ((inputs[k]?.length ?? 0) > (pos[k] ?? 0) && (b < 0 || head(k) < head(b))) b = k;
        if (b < 0) return out;
        const r = inputs[b]?.[pos[b] ?? 0];
        if (r !== undefined) out.push({ ...r, stream: r.stream + 2 * b });
        pos[b] = (pos[b] ?? 0) + 1;
      }
    };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }).chain((k) =>
          fc.tuple(
            fc.tuple(
              ...Array.from({ length: k }, (_, m) =>
                fc.tuple(inputArb(m, 6, 30), fc.array(fc.nat(40), { maxLength: 6 })).map(([rows, holes]) => {
                  // Rows without any time, dropped in anywhere (the others stay in order).
                  const xs = [...rows];
                  for (const h of holes)
                    xs.splice(h % (xs.length + 1), 0, { kind: 1, stream: 0, tsUs: NaN, a: m, d: -1 - h });
                  return xs;
                }),
              ),
            ),
            fc.array(fc.integer({ min: 1, max: 9 }), { minLength: k, maxLength: k }),
            fc.integer({ min: 1, max: 20 }),
          ),
        ),
        async ([inputs, batchSizes, capacity]) => {
          const sources = tradeSources(inputs, batchSizes);
          const got = await collect(mergeSources(sources, { capacity }));
          const tag = (r: Row) => [r.a, r.d, r.stream];
          expect(got.map(tag)).toEqual(reference(inputs).map(tag));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes into the batches `output` hands out, only the columns asked for (the others NaN)', async () => {
    const rows = (input: number): Row[] =>
      Array.from({ length: 20 }, (_, i) => ({
        kind: 1,
        stream: 0,
        tsUs: 2 * i + input,
        a: input,
        b: i,
        c: 1,
        d: i,
        flags: 0,
      }));
    const sources = [0, 1].map((k) => arraySource([stream(0, 'trades', `S${k}`)], rows(k), 6));
    const handed: ReturnType<typeof createEventBatch>[] = [];
    const merged = mergeSources(sources, {
      capacity: 16,
      columns: ['a', 'b'],
      output: () => {
        const b = createEventBatch(16);
        b.c.fill(7);
        b.e.fill(7);
        b.flags.fill(7);
        handed.push(b);
        return Promise.resolve(b);
      },
    });
    const seen: unknown[] = [];
    const got: Row[] = [];
    for await (const b of merged.batches()) {
      seen.push(b);
      for (let i = 0; i < b.length; i++) got.push(rowAt(b, i));
    }
    expect(seen.every((b, i) => b === handed[i])).toBe(true);
    expect(got.map((r) => [r.tsUs, r.a, r.b])).toEqual(
      Array.from({ length: 40 }, (_, t) => [t, t % 2, Math.floor(t / 2)]),
    );
    for (const r of got) {
      expect([r.c, r.d, r.e, r.f, r.flags]).toEqual([NaN, NaN, NaN, NaN, 0]);
    }
    // By default a merge without book streams copies the trade and quote payload, a–d.
    const all = await collect(mergeSources(sources, { capacity: 16 }));
    expect(all.map((r) => [r.c, r.d])).toEqual(got.map((r) => [1, Math.floor(r.tsUs / 2)]));
    expect(all.every((r) => Number.isNaN(r.e) && Number.isNaN(r.f))).toBe(true);
    // A batch too small for the capacity is refused.
    const small = mergeSources(sources, { capacity: 16, output: () => createEventBatch(8) });
    await expect(collect(small)).rejects.toThrow(/holds 8 events; capacity is 16/);
  });

  it('a merge of book streams copies every column', () => {
    const books = [0, 1].map((k) => arraySource([stream(0, 'book', `S${k}`)], []));
    expect(() => mergeSources(books, { columns: ['a', 'b'] })).toThrow(
      /merge of book streams copies columns a, b; book rows need all of a, b, c, d, e, f/,
    );
  });

  it('refuses book rows in a stream declared as trades (their columns would be dropped)', async () => {
    const sources = [0, 1].map((k) =>
      arraySource([stream(0, 'trades', `S${k}`)], [{ kind: 3, stream: 0, tsUs: k, e: 1, f: 2 }]),
    );
    await expect(collect(mergeSources(sources))).rejects.toThrow(
      /merge input 0 has book rows in streams declared trades/,
    );
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
