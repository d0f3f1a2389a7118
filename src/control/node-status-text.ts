import type { ChildStatus, NodeStatus } from './protocol.js';

export function describeRoles(roles: NodeStatus['roles']): string {
  if (roles.master && roles.slave) return 'master+slave';
  if (roles.master) return 'master';
  return roles.slave ? 'slave' : 'none';
}

const STATE_WORDS: Record<ChildStatus['state'], string> = {
  stopped: 'stopped',
  starting: 'starting',
  running: 'running, not answering',
  unregistered: 'running, not registered',
  healthy: 'healthy',
  backoff: 'waiting to restart',
  stopping: 'stopping',
};

/** 3d 4h, 5m 2s, 40s: the two largest units. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const parts: [number, string][] = [[Math.floor(s / 86400), 'd'], [Math.floor(s / 3600) % 24, 'h'], [Math.floor(s / 60) % 60, 'm'], [s % 60, 's']];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  return parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, u]) => `${n}${u}`).join(' ');
}

/** The one-line summary: systemd's STATUS= and the first line of `mesosd status`. */
export function summaryLine(status: NodeStatus): string {
  const children = status.children.length === 0 ? 'no Mesos processes'
    : status.children.map((c) => `${c.name} ${STATE_WORDS[c.state]}`).join(', ');
  const slaves = status.slavesRegistered === undefined ? '' : `, ${status.slavesRegistered} slave${status.slavesRegistered === 1 ? '' : 's'} registered`;
  const sync = status.sync === undefined || status.sync.peers === 0 ? ''
    : status.sync.alone ? `, running alone on its last state (0 of ${status.sync.peers} peers answered)`
      : `, ${status.sync.reachable} of ${status.sync.peers} peers in reach`;
  const refused = status.refusedState === undefined ? '' : `, refusing ${status.refusedState.from}'s state`;
  return `${describeRoles(status.roles)}: ${children}; config ${status.configVersion}${sync}${refused}${slaves}`;
}

/** `mesosd status` for people: the summary, then one line a child. */
export function formatNodeStatus(status: NodeStatus, now: number): string {
  const lines = [
    `${status.hostname} (${status.advertise}) — ${summaryLine(status)}`,
    `mesosd ${status.mesosd.version}, pid ${status.mesosd.pid}, up ${formatDuration(now - status.mesosd.startedAt)}`,
  ];
  if (status.cluster !== undefined) {
    const { masters, slaves, unreachable } = status.cluster;
    lines.push(`cluster: master${masters.length === 1 ? '' : 's'} ${masters.join(', ') || 'none'}; slave${slaves.length === 1 ? '' : 's'} ${slaves.join(', ') || 'none'}`);
    if (unreachable.length > 0) lines.push(`  not answering: ${unreachable.join(', ')}`);
  }
  if (status.refusedState !== undefined) {
    const { from, message, at } = status.refusedState;
    lines.push(`refused the state of ${from} ${formatDuration(now - at)} ago: ${message.replace(/\s*\n\s*/g, ' ')}`);
    lines.push('  (set one of the keys it names again with `mesosd config set`: the newer write wins everywhere)');
  }
  for (const child of status.children) {
    const up = child.startedAt === undefined || child.pid === undefined ? '' : `, up ${formatDuration(now - child.startedAt)}`;
    const pid = child.pid === undefined ? '' : `, pid ${child.pid}`;
    const last = child.lastExit === undefined ? '' : `; last exit ${formatDuration(now - child.lastExit.at)} ago: ${child.lastExit.reason}`;
    lines.push(`  ${child.name}: ${STATE_WORDS[child.state]}${pid}${up}, ${child.restarts} restart${child.restarts === 1 ? '' : 's'}${last}`);
    lines.push(`    ${child.commandLine}`);
  }
  return `${lines.join('\n')}\n`;
}
