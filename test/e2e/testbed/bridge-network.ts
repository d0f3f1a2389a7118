import { readdir } from 'node:fs/promises';
import { runCommand, runOk } from './host-command.js';

/** The nodes' subnet; addresses exist only inside the test's network namespaces. */
export const SUBNET_PREFIX = '10.213.0.';
export const SUBNET_BITS = 24;

/**
 * A private bridge in a network namespace of its own, and one namespace per node wired to it by a veth pair. The
 * bridge's namespace has no other link, so nodes reach each other and nothing else. Names carry the run's id.
 */
export interface BridgeNetwork {
  readonly bridgeNamespace: string;
  /** Makes the node's namespace with `eth0` at `address`; returns the namespace's name. */
  addNode(node: string, address: string): Promise<string>;
  namespaceOf(node: string): string;
  /** Cuts the node's cable at the bridge (its own link stays up, like a switch port going dead). */
  partition(node: string): Promise<void>;
  heal(node: string): Promise<void>;
  /** Deletes every namespace of this network; safe to call twice. */
  destroy(): Promise<void>;
}

const ip = (args: readonly string[]) => runOk('ip', args, { timeoutMs: 20_000 });

/** The bridge-side end of a node's cable (inside the bridge namespace, so no clash with the host's links). */
function portName(node: string): string {
  return `p-${node}`.slice(0, 15);
}

export async function createBridgeNetwork(runId: string, onNamespace: (name: string) => Promise<void>): Promise<BridgeNetwork> {
  const bridgeNamespace = `${runId}-br`;
  const namespaces = new Map<string, string>();
  await onNamespace(bridgeNamespace);
  await ip(['netns', 'add', bridgeNamespace]);
  await ip(['-n', bridgeNamespace, 'link', 'add', 'br0', 'type', 'bridge']);
  await ip(['-n', bridgeNamespace, 'link', 'set', 'br0', 'up']);
  await ip(['-n', bridgeNamespace, 'link', 'set', 'lo', 'up']);
  const setPort = async (node: string, state: 'up' | 'down') => {
    if (!namespaces.has(node)) throw new Error(`no node ${node} on this network`);
    await ip(['-n', bridgeNamespace, 'link', 'set', portName(node), state]);
  };
  return {
    bridgeNamespace,
    addNode: async (node, address) => {
      const ns = `${runId}-${node}`;
      await onNamespace(ns);
      await ip(['netns', 'add', ns]);
      namespaces.set(node, ns);
      const port = portName(node);
      await ip(['-n', bridgeNamespace, 'link', 'add', port, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
      await ip(['-n', bridgeNamespace, 'link', 'set', port, 'master', 'br0']);
      await ip(['-n', bridgeNamespace, 'link', 'set', port, 'up']);
      await ip(['-n', ns, 'addr', 'add', `${address}/${SUBNET_BITS}`, 'dev', 'eth0']);
      await ip(['-n', ns, 'link', 'set', 'eth0', 'up']);
      await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      return ns;
    },
    namespaceOf: (node) => {
      const ns = namespaces.get(node);
      if (ns === undefined) throw new Error(`no node ${node} on this network`);
      return ns;
    },
    partition: (node) => setPort(node, 'down'),
    heal: (node) => setPort(node, 'up'),
    destroy: async () => {
      for (const ns of [...namespaces.values(), bridgeNamespace]) await deleteNamespace(ns);
      namespaces.clear();
    },
  };
}

/** `ip netns del`, ignoring a namespace that is already gone. */
export async function deleteNamespace(name: string): Promise<void> {
  const names = await readdir('/run/netns').catch(() => [] as string[]);
  if (!names.includes(name)) return;
  await runCommand('ip', ['netns', 'del', name], { timeoutMs: 20_000 });
}

/** Network namespaces whose names start with `prefix`. */
export async function namespacesNamed(prefix: string): Promise<string[]> {
  return (await readdir('/run/netns').catch(() => [] as string[])).filter((name) => name.startsWith(prefix));
}
