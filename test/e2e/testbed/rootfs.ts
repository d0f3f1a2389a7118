import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostDebianMirror } from './apt-mirror.js';
import { pollUntil, runCommand } from './host-command.js';
import { removeTree } from './remove-tree.js';
import { processStartTime } from './process-identity.js';

/** Where built root file systems are kept between runs. */
export const ROOTFS_CACHE_DIR = process.env['SMS_TESTBED_CACHE'] ?? '/var/cache/spark-mesos-setup';

/** What every node needs: systemd as PID 1, the system bus, `ip`, `ps`/`kill`, `setpriv`/`nsenter`. */
export const BASE_PACKAGES = ['systemd', 'dbus', 'systemd-sysv', 'iproute2', 'procps', 'util-linux'] as const;

/** Units that only add noise or work in a test node (timers that run apt, a getty on the console). */
const MASKED_UNITS = ['console-getty.service', 'apt-daily.timer', 'apt-daily-upgrade.timer', 'dpkg-db-backup.timer', 'e2scrub_all.timer', 'e2scrub_reap.service'];

export interface RootfsOptions {
  /** Debian release. Default bookworm (the host's: the host's node binary runs inside). */
  readonly suite?: string;
  /** Packages beyond BASE_PACKAGES, e.g. make and gcc to build inside the nodes. */
  readonly extraPackages?: readonly string[];
  readonly cacheDir?: string;
  /** Progress lines (the first build takes about a minute). */
  readonly log?: (line: string) => void;
}

export interface Rootfs {
  readonly dir: string;
  /** Whether this call built it (else it came from the cache). */
  readonly built: boolean;
  readonly ms: number;
}

/** The cached root file system for this package set, built with debootstrap when missing. */
export async function ensureRootfs(options: RootfsOptions = {}): Promise<Rootfs> {
  const started = Date.now();
  const suite = options.suite ?? 'bookworm';
  const packages = [...new Set([...BASE_PACKAGES, ...(options.extraPackages ?? [])])].sort();
  const cacheDir = options.cacheDir ?? ROOTFS_CACHE_DIR;
  const key = createHash('sha256').update(`${suite}\n${packages.join(',')}`).digest('hex').slice(0, 12);
  const dir = join(cacheDir, `rootfs-${suite}-${key}`);
  if (await exists(dir)) return { dir, built: false, ms: Date.now() - started };

  await mkdir(cacheDir, { recursive: true });
  const release = await takeLock(`${dir}.lock`);
  try {
    if (await exists(dir)) return { dir, built: false, ms: Date.now() - started };
    const partial = `${dir}.partial-${process.pid}-${randomBytes(3).toString('hex')}`;
    const logFile = `${dir}.debootstrap.log`;
    const mirror = await hostDebianMirror(suite);
    options.log?.(`building the node root file system ${dir} (debootstrap ${suite}: ${packages.join(' ')}) ...`);
    const result = await runCommand('debootstrap', ['--variant=minbase', `--include=${packages.join(',')}`, suite, partial, mirror], {
      timeoutMs: 15 * 60_000,
    });
    await writeFile(logFile, `${result.stdout}\n${result.stderr}`);
    if (result.exitCode !== 0) {
      await removeTree(partial);
      const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
      throw new Error(`debootstrap failed (exit ${result.exitCode}); log in ${logFile}:\n${tail}`);
    }
    await prepareForNodes(partial);
    await rename(partial, dir);
    options.log?.(`built ${dir} in ${Math.round((Date.now() - started) / 1000)} s`);
    return { dir, built: true, ms: Date.now() - started };
  } finally {
    await release();
  }
}

/** Makes a fresh debootstrap tree quiet and node-like: masked noise, a persistent journal, no shared machine id. */
async function prepareForNodes(root: string): Promise<void> {
  const unitDir = join(root, 'etc/systemd/system');
  await mkdir(unitDir, { recursive: true });
  for (const unit of MASKED_UNITS) {
    await rm(join(unitDir, unit), { force: true });
    await symlink('/dev/null', join(unitDir, unit));
  }
  await mkdir(join(root, 'var/log/journal'), { recursive: true });
  await writeFile(join(root, 'etc/machine-id'), ''); // each node gets its own when created
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** An exclusive lock file holding the owner's pid; a lock left by a dead process is taken over. */
async function takeLock(path: string): Promise<() => Promise<void>> {
  await pollUntil(`the lock ${path}`, async () => {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(path, 'utf8').catch(() => ''));
      if (!Number.isInteger(owner) || owner <= 0 || (await processStartTime(owner)) === undefined) await rm(path, { force: true });
      return undefined;
    }
  }, { timeoutMs: 20 * 60_000, intervalMs: 500 });
  return () => rm(path, { force: true });
}

/** Removes half-built trees left by builds that died (their pid is in the name). */
export async function sweepPartialRootfs(cacheDir = ROOTFS_CACHE_DIR): Promise<void> {
  for (const name of await readdir(cacheDir).catch(() => [] as string[])) {
    const pid = /^rootfs-.*\.partial-(\d+)-[0-9a-f]+$/.exec(name)?.[1];
    if (pid !== undefined && (await processStartTime(Number(pid))) === undefined) {
      await removeTree(join(cacheDir, name));
    }
  }
}
