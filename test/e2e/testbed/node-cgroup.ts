import { mkdir, readdir, readFile, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pollUntil } from './host-command.js';

/**
 * The hierarchies systemd inside a node uses: the cgroup2 one (unified) and, on a hybrid host, the named v1
 * hierarchy `name=systemd`. Each node must start from its own cgroup in them: nspawn started from the same cgroup
 * puts every container into the same `payload` group, and then one node's systemd stopping a service kills the
 * same-named service's processes on every other node.
 */
export async function systemdCgroupMounts(): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  const mounts: string[] = [];
  for (const line of info.split('\n')) {
    const [before, after] = line.split(' - ');
    if (before === undefined || after === undefined) continue;
    const point = before.split(' ')[4];
    const [fsType, , superOptions] = after.split(' ');
    if (point === undefined) continue;
    if (fsType === 'cgroup2' || (fsType === 'cgroup' && (superOptions ?? '').split(',').includes('name=systemd'))) mounts.push(point);
  }
  return mounts;
}

/** A cgroup of its own for one node, in each systemd hierarchy. */
export interface NodeCgroup {
  /** The cgroup.procs files a process writes its pid to, to move itself in. */
  readonly procsFiles: readonly string[];
  /** Removes the groups (and what nspawn and the node's systemd made below them) once they are empty. */
  remove(): Promise<void>;
}

export async function createNodeCgroup(name: string): Promise<NodeCgroup> {
  const dirs = (await systemdCgroupMounts()).map((mount) => join(mount, name));
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  return { procsFiles: dirs.map((dir) => join(dir, 'cgroup.procs')), remove: () => removeCgroups(dirs) };
}

/** rmdir of a cgroup tree, deepest first; retried for a few seconds while the last processes exit. */
export async function removeCgroups(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    await pollUntil(`cgroup ${dir} to be removable`, async () => ((await removeCgroupTree(dir)) ? true : undefined), {
      timeoutMs: 10_000, intervalMs: 200,
    });
  }
}

async function removeCgroupTree(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (entries === undefined) return true;
  for (const entry of entries) {
    if (entry.isDirectory() && !(await removeCgroupTree(join(dir, entry.name)))) return false;
  }
  try {
    await rmdir(dir);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    if (code === 'EBUSY') return false;
    throw error;
  }
}

/** Cgroups named with `prefix` at the top of the systemd hierarchies (for sweeping leftovers). */
export async function cgroupsNamed(prefix: string): Promise<string[]> {
  const found: string[] = [];
  for (const mount of await systemdCgroupMounts()) {
    for (const name of await readdir(mount).catch(() => [] as string[])) {
      if (name.startsWith(prefix)) found.push(join(mount, name));
    }
  }
  return found;
}
