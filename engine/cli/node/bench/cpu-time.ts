import { readFileSync } from 'node:fs';

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

/** Clock ticks per second of `/proc` times (`USER_HZ`: 100 on Linux, whatever the kernel's HZ). */
const USER_HZ = 100;

/**
 * CPU time of the calling thread alone, µs, in 10 ms steps (Linux `/proc/thread-self/stat`;
 * NaN elsewhere). Says which thread bounds a pipeline: the one whose CPU time nears the wall time.
 */
export function threadCpuUs(): number {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime, stime are 14, 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}
