import { readFileSync } from 'node:fs';

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

/**
 * Time the calling thread spent runnable but waiting for a core, µs (Linux
 * `/proc/thread-self/schedstat`, its second field in ns; NaN elsewhere). On two cores shared
 * with other threads this is what the scheduler takes from a thread that never waits by itself.
 */
export function threadRunQueueUs(): number {
  try {
    const fields = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(' ');
    const waitNs = Number(fields[1]);
    return Number.isFinite(waitNs) ? waitNs / 1000 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
