// CPU time a server process has used, read from /proc (Linux only): its main thread (the event
// loop) apart from the whole process (its worker threads, the garbage collector's helpers). A
// bench divides the difference over a run by the requests served to get CPU time per request,
// the figure that shows where a server's time goes when the machine is shared and throughput
// alone is noisy.
import { readFile } from 'node:fs/promises';

export interface ServerCpu {
  /** Microseconds of CPU a request on the main thread (the event loop). */
  readonly mainThreadUs: number;
  /** Microseconds of CPU a request over all the process's threads. */
  readonly allThreadsUs: number;
}

export interface ProcessCpuTimes {
  readonly mainThreadMs: number;
  readonly allThreadsMs: number;
}

/** Clock ticks a second as /proc counts them: USER_HZ, 100 on every Linux that Node runs on. */
const TICKS_PER_SECOND = 100;

/** Null where /proc cannot be read (not Linux, or the process is gone). */
export async function readProcessCpu(pid: number | undefined): Promise<ProcessCpuTimes | null> {
  if (pid === undefined) return null;
  try {
    // The process's line counts every thread it has had, ended ones too; the task's, the main one.
    const [all, main] = await Promise.all([
      readTicks(`/proc/${pid}/stat`),
      readTicks(`/proc/${pid}/task/${pid}/stat`),
    ]);
    const toMs = (ticks: number) => (ticks * 1_000) / TICKS_PER_SECOND;
    return { mainThreadMs: toMs(main), allThreadsMs: toMs(all) };
  } catch {
    return null;
  }
}

/** utime + stime of a stat line. */
async function readTicks(statPath: string): Promise<number> {
  const stat = await readFile(statPath, 'utf8');
  // The command name is in parentheses and may hold spaces: utime and stime are the 14th and 15th
  // fields of the line, so the 12th and 13th after the name.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
