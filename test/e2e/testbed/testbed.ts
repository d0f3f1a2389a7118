import { mkdir, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../../src/version.js';
import { createBridgeNetwork, SUBNET_PREFIX, type BridgeNetwork } from './bridge-network.js';
import { runOk } from './host-command.js';
import { createNodeCgroup, type NodeCgroup } from './node-cgroup.js';
import { ensureRootfs } from './rootfs.js';
import { cleanUpRun, startRun, sweepLeftovers, type TestbedRun } from './run-registry.js';
import { newMachineId, TestNode, type NodeBind } from './test-node.js';

/** Where the checkout is mounted (read-only) in every node when `project: true`: dist/, node_modules/, test/ ... */
export const PROJECT_IN_NODE = '/opt/spark-mesos-setup-src';

export interface TestbedOptions {
  /** How many nodes (named node1, node2, ...), or their names (lower-case letters, digits, '-'; at most 12). */
  readonly nodes: number | readonly string[];
  /** Debian packages the nodes need beyond systemd and the basics (a separate cached root file system). */
  readonly extraPackages?: readonly string[];
  /** Mount this checkout read-only at PROJECT_IN_NODE. */
  readonly project?: boolean;
  /** Mount the host's JDK (true: the one `javac` belongs to; or a directory) at the same path in the nodes, with the /etc directories it links to. */
  readonly jdk?: boolean | string;
  /** Mount the host's npm (/usr/lib/node_modules) and link npm and npx in the nodes. */
  readonly npm?: boolean;
  readonly binds?: readonly NodeBind[];
  /** Boot the nodes (in parallel) before returning. Default true. */
  readonly boot?: boolean;
  readonly log?: (line: string) => void;
}

/** Milliseconds: building (or finding) the root file system, creating the nodes' disks and network, booting. */
export interface TestbedTimings {
  readonly rootfsMs: number;
  readonly rootfsBuilt: boolean;
  readonly createMs: number;
  readonly bootMs: number;
}

export interface Testbed {
  readonly runId: string;
  readonly nodes: readonly TestNode[];
  node(name: string): TestNode;
  /** The JDK's directory inside the nodes, when one was mounted. */
  readonly jdkHome: string | undefined;
  readonly timings: TestbedTimings;
  /** Cuts the node off the bridge: it reaches no other node and none reaches it. */
  partition(name: string): Promise<void>;
  heal(name: string): Promise<void>;
  /** Stops every node and removes the run's disks, namespaces and cgroups. Safe to call twice. */
  destroy(): Promise<void>;
}

const NODE_NAME = /^[a-z][a-z0-9-]{0,11}$/;

async function hostJdk(option: true | string): Promise<string> {
  if (typeof option === 'string') return realpath(option);
  const javac = await realpath((await runOk('sh', ['-c', 'command -v javac'])).trim());
  return join(javac, '..', '..');
}

/**
 * What the JDK needs mounted besides its own directory: Debian's JDK links its configuration from /etc (lib/jvm.cfg
 * -> /etc/java-17-openjdk/...), without which java does not start. The top two levels of every absolute link target.
 */
async function jdkLinkedDirs(jdkHome: string): Promise<string[]> {
  const dirs = new Set<string>();
  for (const entry of await readdir(jdkHome, { recursive: true, withFileTypes: true })) {
    if (!entry.isSymbolicLink()) continue;
    const target = await readlink(join(entry.parentPath, entry.name));
    const top = /^(\/[^/]+\/[^/]+)\//.exec(target)?.[1];
    if (top !== undefined && !top.startsWith(jdkHome)) dirs.add(top);
  }
  const existing: string[] = [];
  for (const dir of [...dirs].sort()) if (await stat(dir).then((s) => s.isDirectory(), () => false)) existing.push(dir);
  return existing;
}

/** Creates nodes on a private network and boots them; on any failure, removes what it made and rethrows. */
export async function createTestbed(options: TestbedOptions): Promise<Testbed> {
  const log = options.log ?? (() => undefined);
  const names = typeof options.nodes === 'number' ? Array.from({ length: options.nodes }, (_, i) => `node${i + 1}`) : [...options.nodes];
  for (const name of names) if (!NODE_NAME.test(name)) throw new Error(`bad node name ${JSON.stringify(name)}`);
  if (new Set(names).size !== names.length || names.length === 0 || names.length > 200) throw new Error(`bad node list ${names.join(',')}`);

  await sweepLeftovers(log);
  const rootfs = await ensureRootfs({ ...(options.extraPackages === undefined ? {} : { extraPackages: options.extraPackages }), log });
  const createStarted = Date.now();
  const run = await startRun();
  const nodes: TestNode[] = [];
  const cgroups: NodeCgroup[] = [];
  let network: BridgeNetwork | undefined;
  let destroyed: Promise<void> | undefined;
  const destroy = () => {
    destroyed ??= tearDown(run, nodes, network, cgroups, log);
    return destroyed;
  };
  try {
    const jdkHome = options.jdk === undefined || options.jdk === false ? undefined : await hostJdk(options.jdk);
    const binds: NodeBind[] = [
      ...(options.project === true ? [{ host: packageRoot(), node: PROJECT_IN_NODE }] : []),
      ...(jdkHome === undefined ? [] : [jdkHome, ...(await jdkLinkedDirs(jdkHome))].map((host) => ({ host }))),
      ...(options.npm === true ? [{ host: '/usr/lib/node_modules' }] : []),
      ...(options.binds ?? []),
    ];
    await mkdir(join(run.dir, 'nodes'));
    network = await createBridgeNetwork(run.runId, run.noteNamespace);
    const addresses = names.map((name, i) => ({ name, address: `${SUBNET_PREFIX}${11 + i}` }));
    const hosts = ['127.0.0.1 localhost', ...addresses.map((a) => `${a.address} ${a.name}`), ''].join('\n');
    for (const { name, address } of addresses) {
      const rootDir = join(run.dir, 'nodes', name);
      await runOk('cp', ['-a', '-T', rootfs.dir, rootDir], { timeoutMs: 300_000 });
      const cgroup = await createNodeCgroup(`${run.runId}-${name}`);
      cgroups.push(cgroup);
      for (const file of cgroup.procsFiles) await run.noteCgroup(join(file, '..'));
      const networkNamespace = await network.addNode(name, address);
      const node = new TestNode({ name, address, rootDir, logFile: join(run.dir, `${name}.log`), networkNamespace, binds, cgroup, noteProcess: run.noteProcess });
      nodes.push(node);
      await node.writeFile('/etc/hostname', `${name}\n`);
      await node.writeFile('/etc/hosts', hosts);
      await node.writeFile('/etc/machine-id', newMachineId(), 0o444);
      if (options.npm === true) await linkNpm(node);
    }
    const createMs = Date.now() - createStarted;
    const bootStarted = Date.now();
    if (options.boot !== false) await Promise.all(nodes.map((node) => node.boot()));
    const timings = { rootfsMs: rootfs.ms, rootfsBuilt: rootfs.built, createMs, bootMs: options.boot === false ? 0 : Date.now() - bootStarted };
    log(`test bed ${run.runId}: ${names.length} node(s); root fs ${rootfs.built ? 'built' : 'cached'} in ${rootfs.ms} ms, created in ${createMs} ms, booted in ${timings.bootMs} ms`);
    const net = network;
    return {
      runId: run.runId,
      nodes,
      node: (name) => {
        const found = nodes.find((n) => n.name === name);
        if (found === undefined) throw new Error(`no node ${name} in this test bed`);
        return found;
      },
      jdkHome,
      timings,
      partition: (name) => net.partition(name),
      heal: (name) => net.heal(name),
      destroy,
    };
  } catch (error) {
    await destroy().catch((cleanupError: unknown) => log(`cleaning up after a failed start: ${String(cleanupError)}`));
    throw error;
  }
}

async function linkNpm(node: TestNode): Promise<void> {
  for (const [bin, cli] of [['npm', 'npm-cli.js'], ['npx', 'npx-cli.js']] as const) {
    await runOk('ln', ['-sfn', `/usr/lib/node_modules/npm/bin/${cli}`, node.path(`/usr/bin/${bin}`)]);
  }
}

/** Every step is tried even when one fails; the first failure is thrown at the end. */
async function tearDown(run: TestbedRun, nodes: readonly TestNode[], network: BridgeNetwork | undefined, cgroups: readonly NodeCgroup[], log: (line: string) => void): Promise<void> {
  const failures: unknown[] = [];
  const attempt = async (step: () => Promise<void>) => {
    await step().catch((error: unknown) => {
      failures.push(error);
      log(`test bed teardown: ${String(error)}`);
    });
  };
  await Promise.all(nodes.map((node) => attempt(() => node.powerCut())));
  if (network !== undefined) await attempt(() => network.destroy());
  for (const cgroup of cgroups) await attempt(() => cgroup.remove());
  if (process.env['SMS_TESTBED_KEEP'] === '1') log(`SMS_TESTBED_KEEP=1: kept ${run.dir} (the next run removes it)`);
  else await attempt(() => cleanUpRun(run.dir));
  if (failures.length > 0) throw failures[0];
}

