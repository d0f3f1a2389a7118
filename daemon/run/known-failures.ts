import { rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterSettings, NodeSettings } from '../../src/model/cluster-settings.js';
import type { ChildSpec } from '../supervisor/child-spec.js';
import type { ChildExit } from '../supervisor/launch-child.js';
import { findPortHolder } from '../supervisor/port-holder.js';
import type { Logger } from './logger.js';

export interface FailureContext {
  readonly spec: ChildSpec;
  readonly exit: ChildExit;
  readonly stderrTail: readonly string[];
  readonly cluster: ClusterSettings;
  readonly node: NodeSettings;
  readonly log: Logger;
  readonly now?: () => Date;
}

function flagValue(spec: ChildSpec, flag: string): string | undefined {
  const prefix = `--${flag}=`;
  return spec.args.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * Failures with a known cause, handled on purpose before the restart:
 * - a slave whose recovered state no longer matches its flags ("Incompatible agent info", Mesos 1.x) would fail
 *   forever: its `meta/slaves/latest` is moved aside (kept, not deleted), once, and the move is logged;
 * - a daemon that cannot bind its port: which process holds it is named.
 * Returns what was done or found, for the restart's log line.
 */
export async function repairKnownFailures(context: FailureContext): Promise<string | undefined> {
  const { spec, stderrTail, log } = context;
  const text = stderrTail.join('\n');
  if (/Incompatible (agent|slave) info/i.test(text)) {
    const workDir = flagValue(spec, 'work_dir');
    if (workDir === undefined) return undefined;
    const latest = join(workDir, 'meta', 'slaves', 'latest');
    if (!(await exists(latest))) return undefined;
    const stamp = (context.now?.() ?? new Date()).toISOString().replaceAll(':', '');
    const aside = `${latest}.incompatible-${stamp}`;
    await rename(latest, aside);
    const done = `moved ${latest} aside to ${aside} so the ${spec.name} can start with its new settings`;
    log.warn(`${spec.name}: recovered state does not match its flags; ${done}`);
    return done;
  }
  if (/Address already in use/i.test(text)) {
    const port = Number(flagValue(spec, 'port'));
    if (!Number.isInteger(port) || port <= 0) return undefined;
    const holder = await findPortHolder(port);
    return holder === undefined
      ? `port ${port} is in use (by a process this node cannot see)`
      : `port ${port} is held by pid ${holder.pid} (${holder.command})`;
  }
  return undefined;
}
