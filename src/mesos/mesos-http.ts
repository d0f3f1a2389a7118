import { hostKey } from '../model/cluster-settings.js';

/** A slave as the master's state lists it. */
export interface RegisteredSlave {
  readonly id: string | undefined;
  readonly hostname: string;
  /** The address in its pid (`slave(1)@10.0.0.2:5051`), when present. */
  readonly address: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The slaves in a master's parsed state JSON (`/master/state.json` in 0.9, `/master/state` in 1.x: both have
 * `slaves[]` with `hostname` and `pid`). Anything malformed is skipped, never thrown.
 */
export function registeredSlaves(state: unknown): RegisteredSlave[] {
  if (!isRecord(state) || !Array.isArray(state['slaves'])) return [];
  const slaves: RegisteredSlave[] = [];
  for (const entry of state['slaves'] as unknown[]) {
    if (!isRecord(entry) || typeof entry['hostname'] !== 'string') continue;
    const pid = typeof entry['pid'] === 'string' ? /@(\[[^\]]+\]|[^:@]+):\d+$/.exec(entry['pid']) : null;
    slaves.push({
      id: typeof entry['id'] === 'string' ? entry['id'] : undefined,
      hostname: entry['hostname'],
      address: pid?.[1] === undefined ? undefined : hostKey(pid[1]),
    });
  }
  return slaves;
}

/** True when the master's state lists a slave with this host name or this advertised address. */
export function isSlaveRegistered(state: unknown, node: { readonly hostname: string; readonly advertise?: string }): boolean {
  const names = new Set([hostKey(node.hostname), ...(node.advertise === undefined ? [] : [hostKey(node.advertise)])]);
  return registeredSlaves(state).some(
    (slave) => names.has(hostKey(slave.hostname)) || (slave.address !== undefined && names.has(slave.address)),
  );
}

/** A counter or flag from a stats document: numbers (1/0, as Mesos writes them) or booleans. */
export function readFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value !== 0;
  return undefined;
}

/** A non-negative count from a stats document. */
export function readCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

/** A field of a parsed JSON object, or undefined. */
export function field(json: unknown, name: string): unknown {
  return isRecord(json) ? json[name] : undefined;
}
