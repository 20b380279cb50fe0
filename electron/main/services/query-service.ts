import type { QueryService } from '../../common/contract';
import type { LakePort } from './lake-port';
import { toCell } from './plain';

/** SQL over the lake, rows capped by the caller's limit. */
export function createQueryService(lake: () => Promise<LakePort>): QueryService {
  return {
    async run({ sql, limit }) {
      const started = performance.now();
      const result = await (await lake()).query(sql, { limit });
      return {
        columns: result.columns,
        rows: result.rows.map((row) => row.map(toCell)),
        truncated: result.truncated,
        elapsedMs: Math.round((performance.now() - started) * 10) / 10,
      };
    },
  };
}
