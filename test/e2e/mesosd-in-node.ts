import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../../src/version.js';
import { packStandInTarball, STAND_IN_TARBALL_NAME } from '../helpers/stand-in-mesos.js';
import type { TestNode } from './testbed/test-node.js';

/** Where a node gets the packed package and the Mesos tarball, and where its Spark home is. */
export const INSTALL_DIR = '/root/install';
export const NODE_SPARK_HOME = '/opt/spark';
/** The stand-in Mesos tarball in a node. */
export const NODE_MESOS_TARBALL = `${INSTALL_DIR}/${STAND_IN_TARBALL_NAME}`;
/**
 * What a node needs besides the base system to build Mesos: the wizard's preflight asks for a C++ compiler, as the
 * real Mesos needs one (the stand-in only needs cc); tar and gzip come with every Debian.
 */
export const BUILD_PACKAGES: readonly string[] = ['make', 'gcc', 'g++', 'libc6-dev'];

/** What a node is set up from: the packed package (and its file name), the Mesos tarball and a Spark home. */
export interface InstallFiles {
  readonly tgz: string;
  readonly tgzName: string;
  readonly tarball: string;
  readonly sparkHome: string;
  /** How long `npm pack` took. */
  readonly packMs: number;
}

/** Packs this checkout, the stand-in Mesos tarball and a Spark 1.6.3 home into `work`, at once. */
export async function makeInstallFiles(work: string): Promise<InstallFiles> {
  const packStarted = Date.now();
  const [packed, tarball, sparkHome] = await Promise.all([
    packProject(join(work, 'pack')).then((tgz) => ({ tgz, packMs: Date.now() - packStarted })),
    packStandInTarball(join(work, 'mesos')),
    makeSparkHome(join(work, 'spark'), 'Spark 1.6.3 built for Hadoop 2.6.0'),
  ]);
  return { ...packed, tgzName: basename(packed.tgz), tarball, sparkHome };
}

/**
 * Copies the install files into a node: the package and the tarball to INSTALL_DIR, Spark to NODE_SPARK_HOME. No npm
 * cache goes in: the package bundles its dependencies, so the node installs from the .tgz alone, with no network (the
 * nodes have no route out) and nothing left over from this machine's npm.
 */
export async function copyInstallFiles(node: TestNode, files: InstallFiles): Promise<void> {
  await node.copyIn(files.tgz, `${INSTALL_DIR}/${files.tgzName}`);
  await node.copyIn(files.tarball, NODE_MESOS_TARBALL);
  await node.copyIn(files.sparkHome, NODE_SPARK_HOME);
}

/** `npm pack` of this checkout into `outDir` (its `prepare` script builds dist/ first); returns the .tgz's path. */
export async function packProject(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const result = await execa('npm', ['pack', '--pack-destination', outDir, '--no-fund', '--no-audit'], {
    cwd: packageRoot(), stdin: 'ignore', all: true, reject: false, timeout: 300_000, forceKillAfterDelay: 2000,
  });
  if (result.exitCode !== 0) throw new Error(`npm pack failed (${result.exitCode ?? result.shortMessage}):\n${result.all.split('\n').slice(-20).join('\n')}`);
  const packed = (await readdir(outDir)).filter((name) => name.endsWith('.tgz'));
  if (packed.length !== 1 || packed[0] === undefined) throw new Error(`npm pack left ${packed.length} .tgz files in ${outDir}`);
  return join(outDir, packed[0]);
}

/** A Spark home as a Spark binary release lays it out, as far as the wizard looks at it: conf/ and RELEASE. */
export async function makeSparkHome(dir: string, release: string): Promise<string> {
  await mkdir(join(dir, 'conf'), { recursive: true });
  await writeFile(join(dir, 'RELEASE'), `${release}\n`);
  return dir;
}

/** What systemd says about a unit inside the node (`systemctl show`). */
export interface UnitView {
  readonly activeState: string;
  readonly subState: string;
  readonly statusText: string;
  readonly mainPid: number;
  readonly controlGroup: string;
  readonly restarts: number;
  readonly execStart: string;
}

const SHOWN = ['ActiveState', 'SubState', 'StatusText', 'MainPID', 'ControlGroup', 'NRestarts', 'ExecStart'] as const;

export async function showUnit(node: TestNode, unit: string): Promise<UnitView> {
  const text = await node.execOk(['systemctl', 'show', ...SHOWN.map((p) => `--property=${p}`), unit]);
  const props = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) props.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const get = (key: (typeof SHOWN)[number]) => props.get(key) ?? '';
  return {
    activeState: get('ActiveState'), subState: get('SubState'), statusText: get('StatusText'), mainPid: Number(get('MainPID')),
    controlGroup: get('ControlGroup'), restarts: Number(get('NRestarts')), execStart: get('ExecStart'),
  };
}

/** A process inside the node, with its start time so that a reused pid is told apart. */
export interface NodeProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly startTime: string;
  readonly name: string;
  readonly args: string;
}

/** Every process inside the node whose name (comm) is one of `names`. */
export async function processesNamed(node: TestNode, names: readonly string[]): Promise<NodeProcess[]> {
  const text = await node.execOk(['ps', '-e', '-o', 'pid=,ppid=,lstart=,comm=,args=']);
  const found: NodeProcess[] = [];
  for (const line of text.split('\n')) {
    // lstart is five words: "Tue Nov 25 09:44:01 2025".
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match === null) continue;
    const [, pid, ppid, startTime, name, args] = match;
    if (name === undefined || !names.includes(name)) continue;
    found.push({ pid: Number(pid), ppid: Number(ppid), startTime: startTime ?? '', name, args: args ?? '' });
  }
  return found;
}

/**
 * The pids in a unit's cgroup, from the node's cgroup file system: cgroup2 (`/sys/fs/cgroup`), or on a hybrid
 * layout the unified (`/sys/fs/cgroup/unified`) or the named systemd hierarchy.
 */
export async function cgroupPids(node: TestNode, controlGroup: string): Promise<number[]> {
  for (const mount of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified', '/sys/fs/cgroup/systemd']) {
    const result = await node.exec(['cat', `${mount}${controlGroup}/cgroup.procs`]);
    if (result.exitCode === 0) return result.stdout.split('\n').filter((l) => l.trim() !== '').map(Number).sort((a, b) => a - b);
  }
  throw new Error(`no cgroup.procs for ${controlGroup} in ${node.name}`);
}
