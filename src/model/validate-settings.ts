import { isIP } from 'node:net';
import { assertNoProblems, type Problem } from '../errors.js';
import { checkEnvName, checkEnvValue } from '../formats/spark-env.js';
import { DEFAULT_PROFILE, findProfile, supportedMesosVersions } from '../mesos/profiles.js';
import type { MesosProfile } from '../mesos/profile-types.js';
import { checkAbsolutePath, checkConfKey, checkConfValue, checkHostName, checkIpAddress, checkPort, isLoopbackAddress } from '../validate/values.js';
import { clusterHosts, isThisNode, type ClusterPorts, type ClusterSettings, type NodeSettings } from './cluster-settings.js';
import { checkBuildPath, checkHostList, checkPersistentDir, checkText, isRecord } from './validate-fields.js';

/** The code of the error the assert functions throw. */
export const INVALID_SETTINGS = 'INVALID_SETTINGS';
const HINT = 'Correct the settings named above (by flag, answers file or prompt) and run again.';
const PORT_KEYS: readonly (keyof ClusterPorts)[] = ['master', 'masterWebui', 'slave', 'slaveWebui', 'mesosd'];

/** Every problem of the cluster-wide settings, each naming the setting, its value and what was expected. */
export function validateClusterSettings(cluster: ClusterSettings): Problem[] {
  if (!isRecord(cluster)) return [{ field: 'settings', value: cluster, expected: 'the cluster settings (an object)' }];
  const profile = findProfile(cluster.mesosVersion);
  const problems: Problem[] = [];
  if (profile === undefined) {
    const expected = `a Mesos version with a profile: ${supportedMesosVersions()}`;
    problems.push({ field: 'mesosVersion', value: cluster.mesosVersion, expected });
  }
  const rules = profile ?? DEFAULT_PROFILE;
  problems.push(
    ...checkText('prefix', cluster.prefix, checkBuildPath),
    ...checkText('javaHome', cluster.javaHome, checkBuildPath),
    ...(cluster.scalaHome === undefined ? [] : checkText('scalaHome', cluster.scalaHome, checkAbsolutePath)),
    ...checkText('sparkHome', cluster.sparkHome, checkAbsolutePath),
    ...checkHostList('masters', cluster.masters, 'at least one master host'),
    ...ipv6Masters(cluster.masters, rules),
    ...checkHostList('slaves', cluster.slaves, undefined),
    ...checkPorts(cluster.ports, rules),
    ...checkMesosConf(cluster.mesosConf, rules),
    ...checkSparkEnv(cluster.sparkEnv, rules),
  );
  return problems;
}

/**
 * Every problem of one node's settings. With the cluster's settings it also checks what depends on them: an IPv6
 * address for a Mesos without IPv6, a loopback address in a cluster with other hosts.
 */
export function validateNodeSettings(node: NodeSettings, cluster?: ClusterSettings): Problem[] {
  if (!isRecord(node)) return [{ field: 'settings', value: node, expected: 'the node settings (an object)' }];
  const problems: Problem[] = [
    ...checkText('hostname', node.hostname, checkHostName),
    ...checkText('advertise', node.advertise, checkIpAddress),
    ...checkText('workDir', node.workDir, checkPersistentDir),
    ...checkText('logDir', node.logDir, checkAbsolutePath),
    ...checkText('stateDir', node.stateDir, checkPersistentDir),
  ];
  if (typeof node.advertise !== 'string' || isIP(node.advertise) === 0) return problems;
  const advertise = (expected: string): void => {
    problems.push({ field: 'advertise', value: node.advertise, expected });
  };
  if (node.advertise === '0.0.0.0' || /^[0:]+$/.test(node.advertise)) {
    advertise('an address of this node that the others can reach (not the unspecified address)');
  }
  const profile = isRecord(cluster) ? findProfile(cluster.mesosVersion) : undefined;
  if (profile !== undefined && !profile.ipv6 && isIP(node.advertise) === 6) {
    advertise(`an IPv4 address (Mesos ${profile.covers} cannot advertise IPv6 addresses)`);
  }
  const other = isRecord(cluster) && isLoopbackAddress(node.advertise) ? otherHost(cluster, node) : undefined;
  if (other !== undefined) {
    advertise(`an address the other hosts can reach, not a loopback address (the cluster also has ${other})`);
  }
  return problems;
}

/** Throws one ToolError (`INVALID_SETTINGS`) listing every problem of the cluster settings. */
export function assertValidClusterSettings(cluster: ClusterSettings): void {
  assertNoProblems(validateClusterSettings(cluster), INVALID_SETTINGS, 'The cluster settings are not valid', HINT);
}

/** Throws one ToolError (`INVALID_SETTINGS`) listing every problem of this node's settings. */
export function assertValidNodeSettings(node: NodeSettings, cluster?: ClusterSettings): void {
  assertNoProblems(validateNodeSettings(node, cluster), INVALID_SETTINGS, "This node's settings are not valid", HINT);
}

/**
 * A host of the cluster that is not this node and not on this machine, if any (only well-formed lists are looked
 * at). Hosts that are loopback addresses themselves are on this machine: a one-machine cluster may use them.
 */
function otherHost(cluster: ClusterSettings, node: NodeSettings): string | undefined {
  const strings = (list: unknown): string[] => (Array.isArray(list) ? list.filter((h) => typeof h === 'string') : []);
  const self = { hostname: typeof node.hostname === 'string' ? node.hostname : node.advertise, advertise: node.advertise };
  return clusterHosts({ masters: strings(cluster.masters), slaves: strings(cluster.slaves) }).find(
    (host) => !isThisNode(host, self) && !isLoopbackAddress(host),
  );
}

/** Masters given as IPv6 addresses, for a Mesos that cannot reach them (a slave's --master is one of them). */
function ipv6Masters(masters: unknown, profile: MesosProfile): Problem[] {
  if (profile.ipv6 || !Array.isArray(masters)) return [];
  return (masters as unknown[]).flatMap((host, index): Problem[] =>
    typeof host === 'string' && isIP(host.replace(/^\[(.*)\]$/, '$1')) === 6
      ? [{ field: `masters[${index}]`, value: host, expected: `a host name or IPv4 address (Mesos ${profile.covers} cannot use IPv6)` }]
      : [],
  );
}

function checkPorts(ports: unknown, profile: MesosProfile): Problem[] {
  if (!isRecord(ports)) return [{ field: 'ports', value: ports, expected: `the ports (${PORT_KEYS.join(', ')})` }];
  const problems: Problem[] = PORT_KEYS.flatMap((key) => {
    const expected = checkPort(ports[key]);
    return expected === undefined ? [] : [{ field: `ports.${key}`, value: ports[key], expected }];
  });
  // The ports are the same on every node, and any node may be master and slave at once.
  const used: (keyof ClusterPorts)[] = [...profile.portKeys, 'mesosd'];
  const owner = new Map<number, string>();
  for (const key of used) {
    if (checkPort(ports[key]) !== undefined) continue;
    const port = Number(ports[key]);
    const first = owner.get(port);
    if (first === undefined) owner.set(port, key);
    else problems.push({ field: `ports.${key}`, value: ports[key], expected: `a port other than ports.${first}'s (a node that runs both needs both)` });
  }
  return problems;
}

function checkMesosConf(conf: unknown, profile: MesosProfile): Problem[] {
  if (!isRecord(conf)) return [{ field: 'mesosConf', value: conf, expected: 'mesos.conf keys and values (an object)' }];
  const flagOnly = new Map(profile.flagOnlyKeys.map((entry) => [entry.key, entry.useInstead]));
  return Object.entries(conf).flatMap(([key, value]): Problem[] => {
    const keyProblem = checkConfKey(key);
    if (keyProblem !== undefined) return [{ field: 'mesosConf', value: key, expected: keyProblem }];
    const useInstead = flagOnly.get(key);
    if (useInstead !== undefined) {
      const expected =
        `no "${key}" in mesos.conf: mesosd gives each Mesos process --${key} on its command line, which wins ` +
        `over mesos.conf (one file is shared by master and slave); set ${useInstead} instead`;
      return [{ field: `mesosConf.${key}`, value, expected }];
    }
    return checkText(`mesosConf.${key}`, value, checkConfValue);
  });
}

function checkSparkEnv(env: unknown, profile: MesosProfile): Problem[] {
  if (!isRecord(env)) return [{ field: 'sparkEnv', value: env, expected: 'spark-env.sh variables and values (an object)' }];
  const derived = new Set(profile.derivedSparkEnvKeys);
  return Object.entries(env).flatMap(([name, value]): Problem[] => {
    const nameProblem = checkEnvName(name);
    if (nameProblem !== undefined) return [{ field: 'sparkEnv', value: name, expected: nameProblem }];
    if (derived.has(name)) {
      const expected = `a variable the setup does not write itself (${name} is derived from prefix and scalaHome)`;
      return [{ field: `sparkEnv.${name}`, value, expected }];
    }
    return checkText(`sparkEnv.${name}`, value, checkEnvValue);
  });
}
