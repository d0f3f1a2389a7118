import type { MesosProfile } from '../src/mesos/profile-types.js';
import { formatHostPort } from '../src/mesos/master-url.js';
import type { ClusterSettings, NodeRoles } from '../src/model/cluster-settings.js';

export interface SummaryInput {
  readonly cluster: ClusterSettings;
  readonly profile: MesosProfile;
  readonly roles: NodeRoles;
  readonly sparkVersion: string | undefined;
  readonly logPath: string;
  /** Set for a new cluster: the join command for the other nodes carries it. */
  readonly token: string | undefined;
  /** The address other nodes reach this node's mesosd at. */
  readonly advertise: string;
  /** How mesosd runs: under systemd, or the command to run it in the foreground. */
  readonly foregroundCommand: string | undefined;
}

function roleWords(roles: NodeRoles): string {
  if (roles.master && roles.slave) return 'a master and a slave';
  if (roles.master) return 'a master';
  return roles.slave ? 'a slave' : 'neither master nor slave (mesosd keeps its configuration in sync)';
}

/** The last thing the wizard prints: how to use the cluster, where to look, and how to add the next node. */
export function formatSummary(input: SummaryInput): string {
  const { cluster, profile } = input;
  const master = cluster.masters[0] ?? input.advertise;
  const masterUrl = profile.sparkMasterUrl(master, cluster.ports.master, input.sparkVersion);
  const lines = [
    `This node is set up as ${roleWords(input.roles)} of the cluster.`,
    '',
    `  Master:      ${formatHostPort(master, cluster.ports.master)}  (Spark's master URL: ${masterUrl})`,
    `  Web UI:      ${profile.webuiUrl(master, cluster.ports)}`,
    `  Spark job:   ${profile.sparkContextLine({ host: master, port: cluster.ports.master, sparkVersion: input.sparkVersion, sparkHome: cluster.sparkHome })}`,
    input.foregroundCommand === undefined
      ? '  mesosd:      systemctl status mesosd   ·   mesosd status   ·   journalctl -u mesosd'
      : `  mesosd:      not started (--no-systemd); run it with: ${input.foregroundCommand}`,
    `  Setup log:   ${input.logPath}`,
  ];
  if (input.token !== undefined) {
    lines.push(
      '',
      'To add another node, run this on it (keep the token secret: it lets a node join the cluster):',
      '',
      `  npx spark-mesos-setup join ${formatHostPort(input.advertise, cluster.ports.mesosd)} --token ${input.token}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
