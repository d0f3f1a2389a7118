import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deleteNamespace, namespacesNamed } from './bridge-network.js';
import { cgroupsNamed, removeCgroups } from './node-cgroup.js';
import { identify, isAlive, killIfAlive, processStartTime, type ProcessIdentity } from './process-identity.js';
import { removeTree } from './remove-tree.js';

/** Every name this harness gives (namespaces, cgroups, run directories) starts with this; nothing else is swept. */
export const TESTBED_PREFIX = 'smstb-';
/** Where runs keep their nodes' disks and logs. */
export const RUNS_DIR = process.env['SMS_TESTBED_RUNS'] ?? '/var/tmp/spark-mesos-setup-testbed';

/** What a run has made, on disk, so that a later run can clean up after one that died. */
interface RunRecord {
  readonly runId: string;
  readonly owner: ProcessIdentity;
  readonly namespaces: string[];
  readonly cgroups: string[];
  /** nspawn processes and the nodes' PID 1s (host pids). */
  readonly processes: ProcessIdentity[];
}

/** One run of the harness: its id (in every name it makes), its directory, and the record of what it made. */
export interface TestbedRun {
  readonly runId: string;
  readonly dir: string;
  noteNamespace(name: string): Promise<void>;
  noteCgroup(dir: string): Promise<void>;
  noteProcess(process: ProcessIdentity): Promise<void>;
}

async function save(dir: string, record: RunRecord): Promise<void> {
  const temp = join(dir, `.run.json.${randomBytes(3).toString('hex')}`);
  await writeFile(temp, JSON.stringify(record, null, 2));
  await rename(temp, join(dir, 'run.json'));
}

/** Starts a run: `smstb-<pid>-<random>`, with its directory under RUNS_DIR. */
export async function startRun(): Promise<TestbedRun> {
  const owner = await identify(process.pid);
  if (owner === undefined) throw new Error('cannot read this process from /proc');
  const runId = `${TESTBED_PREFIX}${process.pid}-${randomBytes(2).toString('hex')}`;
  const dir = join(RUNS_DIR, runId);
  await mkdir(dir, { recursive: true });
  const record: RunRecord = { runId, owner, namespaces: [], cgroups: [], processes: [] };
  await save(dir, record);
  return {
    runId, dir,
    noteNamespace: async (name) => {
      record.namespaces.push(name);
      await save(dir, record);
    },
    noteCgroup: async (cgroup) => {
      record.cgroups.push(cgroup);
      await save(dir, record);
    },
    noteProcess: async (p) => {
      record.processes.push(p);
      await save(dir, record);
    },
  };
}

/** A run's record; undefined when missing or not one this harness wrote (its directory is then just removed). */
async function readRecord(dir: string): Promise<RunRecord | undefined> {
  const parsed = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8').catch(() => 'null')) as Partial<RunRecord> | null;
  const isIdentity = (p: unknown): p is ProcessIdentity =>
    typeof p === 'object' && p !== null && Number.isInteger((p as ProcessIdentity).pid) && typeof (p as ProcessIdentity).startTime === 'string';
  if (parsed === null || !isIdentity(parsed.owner) || !Array.isArray(parsed.processes) || !parsed.processes.every(isIdentity)) return undefined;
  if (!Array.isArray(parsed.namespaces) || !Array.isArray(parsed.cgroups)) return undefined;
  return parsed as RunRecord;
}

/** Undoes everything a run recorded: kills its processes (the very ones, by pid and start time), then the rest. */
export async function cleanUpRun(dir: string): Promise<void> {
  const record = await readRecord(dir);
  if (record !== undefined) {
    for (const p of record.processes) await killIfAlive(p);
    for (const ns of record.namespaces) await deleteNamespace(ns);
    await removeCgroups(record.cgroups);
  }
  await removeTree(dir);
}

/**
 * Removes what earlier runs of this harness left behind (a test process that was killed cannot clean up): run
 * directories whose owner is gone, and namespaces and cgroups with this harness's prefix whose owner pid is gone.
 */
export async function sweepLeftovers(log: (line: string) => void = () => undefined): Promise<void> {
  const ownerGone = async (name: string) => {
    const pid = Number(new RegExp(`^${TESTBED_PREFIX}(\\d+)-`).exec(name)?.[1]);
    return Number.isInteger(pid) && pid > 0 && (await processStartTime(pid)) === undefined;
  };
  for (const name of await readdir(RUNS_DIR).catch(() => [] as string[])) {
    if (!name.startsWith(TESTBED_PREFIX)) continue;
    const dir = join(RUNS_DIR, name);
    const record = await readRecord(dir);
    // Without a record (a run that is just starting, or a broken file) only the pid in the name can tell.
    const gone = record === undefined ? await ownerGone(name) : !(await isAlive(record.owner));
    if (!gone) continue;
    log(`removing the leftovers of test bed run ${name}`);
    await cleanUpRun(dir);
  }
  for (const ns of await namespacesNamed(TESTBED_PREFIX)) if (await ownerGone(ns)) await deleteNamespace(ns);
  const stale: string[] = [];
  for (const cgroup of await cgroupsNamed(TESTBED_PREFIX)) if (await ownerGone(cgroup.split('/').pop() ?? '')) stale.push(cgroup);
  await removeCgroups(stale).catch((error: unknown) => log(`could not remove old cgroups: ${String(error)}`));
}
