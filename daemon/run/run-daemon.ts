import { mkdir } from 'node:fs/promises';
import { isToolError } from '../../src/errors.js';
import { summaryLine } from '../../src/control/node-status-text.js';
import type { NodeStatus } from '../../src/control/protocol.js';
import { field } from '../../src/mesos/mesos-http.js';
import { profileFor } from '../../src/mesos/profiles.js';
import { rolesOf } from '../../src/model/cluster-settings.js';
import { httpGetJson } from '../../src/net/http-get.js';
import { packageVersion } from '../../src/version.js';
import { silentNotifier, type Notifier } from '../../systemd/sd-notify.js';
import { startControlServer, type ControlServer } from '../control/control-server.js';
import type { BackoffPolicy } from '../supervisor/backoff.js';
import { desiredChildren } from '../supervisor/desired-children.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { loadCluster, loadDaemonConfig, type DaemonConfig, type LoadedCluster } from './daemon-config.js';
import type { Logger } from './logger.js';
import { repairKnownFailures } from './known-failures.js';
import { writeMesosFiles } from '../../src/mesos/mesos-files.js';

export interface RunDaemonOptions {
  readonly configFile: string;
  readonly log: Logger;
  readonly notifier?: Notifier;
  /** The environment the Mesos processes inherit. Default: mesosd's own. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly policy?: BackoffPolicy;
  readonly probeIntervalMs?: number;
  readonly stopTimeoutMs?: number;
}

export interface RunningDaemon {
  readonly config: DaemonConfig;
  /** Reads the settings again and changes only the processes whose command line changed. */
  reload(reason: string): Promise<void>;
  /** Stops the slave, then the master, then the control socket. */
  stop(reason: string): Promise<void>;
  status(): Promise<NodeStatus>;
}

/** mesosd's main loop: load the settings, start this node's Mesos processes, serve the control socket. */
export async function runDaemon(options: RunDaemonOptions): Promise<RunningDaemon> {
  const { log } = options;
  const notifier = options.notifier ?? silentNotifier;
  const environment = options.environment ?? process.env;
  const startedAt = Date.now();
  const config = await loadDaemonConfig(options.configFile);
  let current: LoadedCluster = await loadCluster(config);
  for (const dir of [config.node.workDir, config.node.logDir]) await mkdir(dir, { recursive: true });
  let slavesRegistered: number | undefined;

  const supervisor = new Supervisor({
    onTransition: (t) => {
      const pid = t.pid === undefined ? '' : ` pid ${t.pid}`;
      const delay = t.delayMs === undefined ? '' : ` (restart in ${t.delayMs} ms)`;
      const line = `${t.child}: ${t.from} -> ${t.to}${pid}${delay}: ${t.reason}`;
      if (t.to === 'backoff') log.warn(line);
      else log.info(line);
      void pushStatus();
    },
    onOutput: (child, _stream, line) => log.info(`[${child}] ${line}`),
    repair: (spec, exit, tail) => repairKnownFailures({ spec, exit, stderrTail: tail, cluster: current.cluster, node: config.node, log }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.probeIntervalMs === undefined ? {} : { probeIntervalMs: options.probeIntervalMs }),
    ...(options.stopTimeoutMs === undefined ? {} : { stopTimeoutMs: options.stopTimeoutMs }),
  });

  const status = async (): Promise<NodeStatus> => ({
    mesosd: { version: packageVersion(), pid: process.pid, startedAt },
    hostname: config.node.hostname,
    advertise: config.node.advertise,
    roles: rolesOf(current.cluster, config.node),
    configVersion: current.version,
    children: supervisor.status(),
    ...(slavesRegistered === undefined ? {} : { slavesRegistered }),
  });
  const pushStatus = async () => notifier.status(summaryLine(await status()));

  const apply = async (reason: string) => {
    const profile = profileFor(current.cluster.mesosVersion);
    const written = await writeMesosFiles(current.cluster, profile);
    if (written.length > 0) log.info(`wrote ${written.join(', ')}`);
    const desired = desiredChildren({ cluster: current.cluster, node: config.node, profile, environment });
    const result = await supervisor.apply(desired, reason);
    const said = Object.entries(result).filter(([, names]) => names.length > 0).map(([what, names]) => `${what} ${names.join(', ')}`);
    log.info(`configuration ${current.version} applied (${reason}): ${said.join('; ') || 'nothing to run on this node'}`);
  };

  // The count of registered slaves, for the status line of a node that runs a master.
  const countSlaves = async () => {
    if (!rolesOf(current.cluster, config.node).master) {
      slavesRegistered = undefined;
      return;
    }
    const profile = profileFor(current.cluster.mesosVersion);
    const url = `http://${config.node.advertise}:${current.cluster.ports.master}${profile.http.masterState}`;
    const state = await httpGetJson(url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
    const slaves = field(state, 'slaves');
    slavesRegistered = Array.isArray(slaves) ? slaves.length : undefined;
    await pushStatus();
  };
  const counter = setInterval(() => void countSlaves(), 5000);
  counter.unref();

  let control: ControlServer | undefined;
  try {
    control = await startControlServer(config.controlSocket, {
      status,
      restart: (child) => supervisor.restart(child, 'restart requested with `mesosd restart`'),
    });
    log.info(`mesosd ${packageVersion()} on ${config.node.hostname} (${config.node.advertise}); control socket ${config.controlSocket}`);
    await apply('start');
  } catch (error) {
    clearInterval(counter);
    await supervisor.stopAll('start failed');
    await control?.close();
    throw error;
  }
  const stopWatchdog = notifier.startWatchdog();
  await notifier.ready(summaryLine(await status()));

  let stopping: Promise<void> | undefined;
  return {
    config,
    status,
    reload: async (reason) => {
      try {
        current = await loadCluster(config);
      } catch (error) {
        // A bad file never takes the node down: keep running the last good configuration.
        log.error(`configuration not reloaded (${reason}); still running ${current.version}: ${isToolError(error) ? error.message : String(error)}`);
        return;
      }
      await apply(reason);
      await pushStatus();
    },
    stop: (reason) => {
      stopping ??= (async () => {
        log.info(`stopping (${reason})`);
        clearInterval(counter);
        stopWatchdog();
        await notifier.stopping();
        await supervisor.stopAll(reason);
        await control?.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}
