import { readdir, readFile } from 'node:fs/promises';

/** A process as the harness records it: pid plus its start time, so a reused pid is never mistaken for it. */
export interface ProcessIdentity {
  readonly pid: number;
  /** Field 22 of /proc/PID/stat (clock ticks since boot). */
  readonly startTime: string;
}

/** The start time of `pid`, or undefined when there is no such process. */
export async function processStartTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

export async function identify(pid: number): Promise<ProcessIdentity | undefined> {
  const startTime = await processStartTime(pid);
  return startTime === undefined ? undefined : { pid, startTime };
}

/** True while that very process (not a later one with the same pid) exists. */
export async function isAlive(process: ProcessIdentity): Promise<boolean> {
  return (await processStartTime(process.pid)) === process.startTime;
}

/** SIGKILL to that very process, if it still exists. Returns whether a signal was sent. */
export async function killIfAlive(target: ProcessIdentity): Promise<boolean> {
  if (!(await isAlive(target))) return false;
  try {
    process.kill(target.pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/** The children of `pid` (from the children files of its tasks in /proc). */
export async function childPids(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const children: number[] = [];
  for (const task of tasks) {
    const text = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    children.push(...text.split(/\s+/).filter((s) => s !== '').map(Number));
  }
  return children;
}

/** True when `pid` is the init (pid 1) of a pid namespace: the last NSpid field is 1. */
export async function isNamespaceInit(pid: number): Promise<boolean> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const nspid = /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/);
  return nspid !== undefined && nspid.length > 1 && nspid[nspid.length - 1] === '1';
}
