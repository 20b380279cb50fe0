/**
 * CPU time of the whole process (every thread: the caller's, reader and parse workers, DuckDB's
 * pool), µs. On a shared machine the wall clock swings with whatever else runs, while the CPU a
 * phase costs per row is much steadier, so the benchmarks print both.
 */
export function cpuUs(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}

/** CPU ns per row of a phase that spent `us` µs of CPU on `rows` rows (one decimal). */
export function cpuNsPerRow(us: number, rows: number): number {
  return rows > 0 ? Math.round((us * 1e4) / rows) / 10 : 0;
}

export { threadCpuUs, threadRunQueueUs } from '../../../core/node/thread-cpu';
