// Projection must not change a replay: over real captures (trades, quotes, book) and every
// registered processor kind, a replay reading only the columns its processors declare gives
// the same output hash, books and summary as one reading every column — so a processor that
// reads a column it does not declare (it would see NaN) fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnsReadBy } from '../../../engine/kernel/columns-read';
import { processorKinds } from '../../../engine/kernel/processor-registry';
import type { Lake } from '../../../engine/lake/node/lake';
import { openDatasetSource } from '../../../engine/lake/node/reader';
import type { ReadColumns } from '../../../engine/model/events';
import { runReplay } from '../../../engine/replay/run-replay';
import { USDM_PAIR_DATASETS, cleanup, openUsdmPairLake, tempDir } from '../lake/node/lake-helpers';

const dir = tempDir('tb-columns-');
let lake: Lake;
const NAMES = USDM_PAIR_DATASETS;

beforeAll(async () => {
  lake = await openUsdmPairLake(dir);
}, 180_000);

afterAll(async () => {
  await lake.close();
  cleanup(dir);
});

async function replay(processors: string, columns: ReadColumns | undefined) {
  const source = await openDatasetSource(lake, NAMES, columns === undefined ? {} : { columns });
  try {
    const s = await runReplay({ source, processors, speed: 'max', hashOutput: true });
    return {
      events: s.events,
      outputHash: s.outputHash,
      valuesEmitted: s.valuesEmitted,
      books: s.books,
      processors: s.processors,
      breaches: s.breaches,
    };
  } finally {
    await source.close();
  }
}

describe('replay projection', () => {
  it('every processor kind: the same replay reading only the declared columns', async () => {
    const list = processorKinds()
      .map((k) => k.example)
      .join(',');
    const columns = columnsReadBy(list);
    expect(columns.trades).not.toContain('d'); // no registered processor reads trade ids
    const full = await replay(list, undefined);
    expect(full.valuesEmitted).toBeGreaterThan(1000);
    expect(await replay(list, columns)).toEqual(full);
  }, 120_000);

  it('each processor alone, with the columns it declares', async () => {
    for (const kind of processorKinds()) {
      const full = await replay(kind.example, undefined);
      expect({ kind: kind.key, ...(await replay(kind.example, columnsReadBy(kind.example))) }).toEqual({
        kind: kind.key,
        ...full,
      });
    }
  }, 300_000);
});
