import { mkdir, readFile } from 'node:fs/promises';
import { summaryLine } from '../../src/control/node-status-text.js';
import type { NodeStatus } from '../../src/control/protocol.js';
import { formatProblem, isToolError, ToolError } from '../../src/errors.js';
import { underRoot } from '../../src/fs/under-root.js';
import { checkSparkHome, type SparkHomeReport } from '../../src/model/check-spark-home.js';
import { writeSparkEnvBlock } from '../../src/mesos/spark-env-file.js';
import { sparkEnvVars } from '../../src/mesos/spark-env-vars.js';
import { writeManagedMesosFiles } from '../../src/mesos/mesos-files.js';
import { profileFor } from '../../src/mesos/profiles.js';
import { rolesOf } from '../../src/model/cluster-settings.js';
import { assertValidNodeSettings } from '../../src/model/validate-settings.js';
import { applySettings, applySettingsChange, loadOrMigrateState } from '../../src/state/index.js';
import { PeerKey } from '../../src/sync/cluster-token.js';
import { packageVersion } from '../../src/version.js';
import { silentNotifier, type Notifier } from '../../systemd/sd-notify.js';
import { startControlServer, type ControlServer } from '../control/control-server.js';
import { configCommands } from '../replication/config-commands.js';
import { PeerSync } from '../replication/peer-sync.js';
import { Replica } from '../replication/replica.js';
import type { BackoffPolicy } from '../supervisor/backoff.js';
import { desiredChildren } from '../supervisor/desired-children.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { createPeerServer, type PeerServer } from '../sync/peer-server.js';
import { handEditPaths, OwnWrites, startHandEditWatch, type HandEditWatch } from '../watch/index.js';
import { loadDaemonConfig, readClusterFile, type DaemonConfig } from './daemon-config.js';
import { repairKnownFailures } from './known-failures.js';
import type { Logger } from './logger.js';
import { countRegisteredSlaves } from './slave-count.js';

export interface RunDaemonOptions {
  readonly configFile: string;
  readonly log: Logger;
  readonly notifier?: Notifier;
  /** The environment the Mesos processes inherit. Default: mesosd's own. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  readonly policy?: BackoffPolicy;
  readonly probeIntervalMs?: number;
  readonly stopTimeoutMs?: number;
  /** How long to wait for peers at start before running on this node's own last state. Default 10 s. */
  readonly pullTimeoutMs?: number;
  /** Anti-entropy period. Default 3 s. */
  readonly syncPeriodMs?: number;
}

export interface RunningDaemon {
  readonly config: DaemonConfig;
  /** Applies cluster.json when it changed (the wizard's reconfigure), else re-applies the current state. */
  reload(reason: string): Promise<void>;
  /** Stops the slave, then the master, then the sockets. */
  stop(reason: string): Promise<void>;
  status(): Promise<NodeStatus>;
}

async function readToken(path: string): Promise<PeerKey | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : PeerKey.fromToken(text.trim());
}

/**
 * mesosd's main loop: load this node's state, pull newer state from the peers (bounded), write the files, start this
 * node's Mesos processes, then keep the state in sync and serve the control socket and the peers.
 */
export async function runDaemon(options: RunDaemonOptions): Promise<RunningDaemon> {
  const { log } = options;
  const notifier = options.notifier ?? silentNotifier;
  const environment = options.environment ?? process.env;
  const startedAt = Date.now();
  const config = await loadDaemonConfig(options.configFile);
  const { node } = config;
  const loaded = await loadOrMigrateState(node.stateDir, node.hostname);
  if (loaded === undefined) {
    throw new ToolError('NO_CLUSTER_STATE', `no cluster settings in ${node.stateDir} (no state.json, no cluster.json)`, {
      hint: 'run `spark-mesos-setup create` or `join` on this node first',
    });
  }
  let clusterFileHash = (await readClusterFile(config).catch(() => undefined))?.hash;
  for (const dir of [node.workDir, node.logDir]) await mkdir(dir, { recursive: true });
  let slavesRegistered: number | undefined;
  let started = false;
  // Set when stop begins: from then on nothing starts a Mesos process again (a peer's change may still arrive).
  let halting = false;
  let alone = false;
  let sync: PeerSync | undefined;
  let sparkVersion: string | undefined;
  let watch: HandEditWatch | undefined;
  const ownWrites = new OwnWrites();

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
    repair: (spec, exit, tail) => repairKnownFailures({ spec, exit, stderrTail: tail, cluster: replica.settings, node, log }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.probeIntervalMs === undefined ? {} : { probeIntervalMs: options.probeIntervalMs }),
    ...(options.stopTimeoutMs === undefined ? {} : { stopTimeoutMs: options.stopTimeoutMs }),
  });

  // The files and processes are under config.root; what the files say comes from the settings, the same on every node.
  // The Spark home is looked at once (a version detection reads its jars), again when it moves or on a reload.
  let sparkChecked: { home: string; report: Promise<SparkHomeReport> } | undefined;
  const apply = async (reason: string) => {
    if (halting) return;
    const cluster = replica.settings;
    const profile = profileFor(cluster.mesosVersion);
    // These three files are made whole from the saved state and written again at every start: no fsync needed.
    const files = await writeManagedMesosFiles(cluster, profile, config.root, { durable: false });
    const sparkHome = underRoot(config.root, cluster.sparkHome);
    if (sparkChecked?.home !== sparkHome) sparkChecked = { home: sparkHome, report: checkSparkHome(sparkHome) };
    const spark = await sparkChecked.report;
    sparkVersion = spark.spark?.version;
    if (spark.spark === undefined) {
      log.warn(`spark-env.sh not written: ${spark.problems.map((p) => formatProblem(p)).join('; ')}`);
    } else {
      const sparkEnv = await writeSparkEnvBlock(sparkHome, sparkEnvVars(cluster, profile, spark.spark.version));
      for (const line of sparkEnv.shadowed) log.warn(line);
      files.push(sparkEnv);
    }
    for (const file of files) ownWrites.record(file.path, file.hash);
    const written = files.filter((file) => file.changed).map((file) => file.path);
    if (written.length > 0) log.info(`wrote ${written.join(', ')}`);
    if (!started || halting) return;
    const result = await supervisor.apply(desiredChildren({ cluster, node, profile, environment, root: config.root }), reason);
    const said = Object.entries(result).filter(([, names]) => names.length > 0).map(([what, names]) => `${what} ${names.join(', ')}`);
    log.info(`configuration ${replica.version} applied (${reason}): ${said.join('; ') || 'nothing to run on this node'}`);
  };

  const replica = new Replica({
    nodeId: node.hostname, statePath: loaded.path, state: loaded.state, log,
    onChange: async (_settings, reason, origin) => {
      // The node a change starts on sends it to every peer, as soon as it is saved and before applying it here; a node
      // that received it does not send it on (that made one change cost N² exchanges). A peer the push missed gets it
      // from anti-entropy.
      if (origin === 'local') void sync?.push();
      await apply(reason);
      void pushStatus();
    },
  });
  assertValidNodeSettings(node, replica.settings);

  const status = async (): Promise<NodeStatus> => ({
    mesosd: { version: packageVersion(), pid: process.pid, startedAt },
    hostname: node.hostname,
    advertise: node.advertise,
    roles: rolesOf(replica.settings, node),
    configVersion: replica.version,
    children: supervisor.status(),
    ...(slavesRegistered === undefined ? {} : { slavesRegistered }),
    ...(sync === undefined ? {} : { sync: { peers: sync.peers().length, reachable: sync.reachable(), alone: alone && sync.reachable() === 0 } }),
    cluster: { masters: replica.settings.masters, slaves: replica.settings.slaves, unreachable: sync?.unreachable() ?? [] },
    ...(replica.refused === undefined ? {} : { refusedState: replica.refused }),
  });
  const pushStatus = async () => notifier.status(summaryLine(await status()));
  const counter = setInterval(() => {
    void countRegisteredSlaves(replica.settings, node).then((count) => {
      slavesRegistered = count;
      return pushStatus();
    });
  }, 5000);
  counter.unref();

  let control: ControlServer | undefined;
  let peerServer: PeerServer | undefined;
  try {
    control = await startControlServer(config.controlSocket, {
      status,
      restart: (child) => supervisor.restart(child, 'restart requested with `mesosd restart`'),
      config: configCommands(replica, node),
    });
    const rooted = config.root === '/' ? '' : `; prefix and Spark home under ${config.root}`;
    log.info(`mesosd ${packageVersion()} on ${node.hostname} (${node.advertise}); state ${replica.version} from ${loaded.source === 'migrated' ? 'cluster.json' : 'its state file'}${rooted}`);
    const key = await readToken(config.tokenFile);
    if (key === undefined) {
      log.warn(`no cluster token at ${config.tokenFile}: not syncing with other nodes`);
    } else {
      sync = new PeerSync({ replica, node, key, log, ...(options.syncPeriodMs === undefined ? {} : { periodMs: options.syncPeriodMs }) });
      peerServer = createPeerServer({ token: key, nodeId: node.hostname, routes: sync.routes(), logger: log });
      await peerServer.listen(node.advertise, replica.settings.ports.mesosd);
      const pulled = await sync.pullFromPeers(options.pullTimeoutMs ?? 10_000);
      alone = pulled.asked > 0 && pulled.answered === 0;
      if (pulled.asked > 0) {
        log.info(alone ? `no peer answered (of ${pulled.asked}): starting on this node's last state ${replica.version}`
          : `state ${replica.version} after asking ${pulled.answered} of ${pulled.asked} peers`);
      }
    }
    started = true;
    await apply('start');
    sync?.start();
    if (config.handEdits) watch = await watchHandEdits();
    else log.info('hand edits are not watched (handEdits: false)');
  } catch (error) {
    clearInterval(counter);
    sync?.stop();
    await supervisor.stopAll('start failed');
    await peerServer?.close();
    await control?.close();
    throw error;
  }
  const stopWatchdog = notifier.startWatchdog();

  async function watchHandEdits(): Promise<HandEditWatch | undefined> {
    const profile = profileFor(replica.settings.mesosVersion);
    try {
      return await startHandEditWatch({
        paths: handEditPaths(replica.settings, profile, config.root), profile, current: () => replica.settings, sparkVersion, ownWrites, log,
        onEdit: async (settings, edit) => {
          log.info(`hand edit of ${edit.file} accepted: ${edit.summary}`);
          await replica.local((state, self) => applySettingsChange(state, self, edit.before, settings), `hand edit of ${edit.file}`);
        },
        onIgnored: (file, why) => log.info(`change of ${file} ignored: ${why}`),
        onRefused: async (refusal) => {
          log.error(`${refusal.message}; the last good version is kept and nothing is spread`);
          await apply('putting back the last good version after a refused hand edit');
        },
      });
    } catch (error) {
      log.warn(`hand edits are not watched: ${isToolError(error) ? error.message : String(error)}`);
      return undefined;
    }
  }
  await notifier.ready(summaryLine(await status()));

  let stopping: Promise<void> | undefined;
  return {
    config,
    status,
    reload: async (reason) => {
      sparkChecked = undefined; // Spark may have been upgraded in place: look at it again.
      try {
        const file = await readClusterFile(config);
        if (file !== undefined && file.hash !== clusterFileHash) {
          clusterFileHash = file.hash;
          if (await replica.local((state, self) => applySettings(state, self, file.cluster), `${config.clusterFile} changed (${reason})`)) return;
        }
        await apply(reason);
      } catch (error) {
        // A bad file never takes the node down: keep running the last good configuration.
        log.error(`configuration not reloaded (${reason}); still running ${replica.version}: ${isToolError(error) ? error.message : String(error)}`);
      }
      await pushStatus();
    },
    stop: (reason) => {
      stopping ??= (async () => {
        log.info(`stopping (${reason})`);
        halting = true;
        clearInterval(counter);
        sync?.stop();
        await watch?.close();
        stopWatchdog();
        await notifier.stopping();
        await peerServer?.close();
        // A change being applied finishes first, so that stopAll sees every process it may have started.
        await replica.idle();
        await supervisor.stopAll(reason);
        await control?.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}
