import { posix } from 'node:path';
import { field, readCount, readFlag } from './mesos-http.js';
import { formatHostPort, renderMasterUrl } from './master-url.js';
import {
  autotoolsConfigureArgs,
  mesosFlagVariables,
  nativeLibraryVariables,
  normalizeDir,
  numericVersion,
  parseGccVersion,
  prependLibraryPath,
  sparkContextLineFor,
  sparkMasterUrlFor,
} from './profile-common.js';
import type { MesosPaths, MesosProfile, ProcessOptions } from './profile-types.js';
import { parseVersion, versionAtLeast } from './versions.js';

const DEFAULT_VERSION = '1.11.0';

const paths = (prefix: string, version = DEFAULT_VERSION): MesosPaths => {
  const at = (relative: string): string => posix.join(prefix, relative);
  return {
    prefix: normalizeDir(prefix),
    masterBinary: at('sbin/mesos-master'),
    slaveBinary: at('sbin/mesos-agent'),
    libDir: at('lib'),
    libmesos: at('lib/libmesos.so'),
    libmesosVersioned: at(`lib/libmesos-${numericVersion(version)}.so`),
    // The deploy dir is <sysconfdir>/mesos from 0.21 on; mesos.conf gave way to *-env.sh files in 0.14.
    deployDir: at('etc/mesos'),
    masters: at('etc/mesos/masters'),
    slaves: at('etc/mesos/slaves'),
    deployEnv: at('etc/mesos/mesos-deploy-env.sh'),
    confDir: undefined,
    mesosConf: undefined,
  };
};

/** No mesos.conf in 1.x: the operator's settings reach the daemons as MESOS_<KEY> variables, which flags beat. */
const processEnv = (options: ProcessOptions): Record<string, string> => ({
  ...mesosFlagVariables(options.conf),
  LD_LIBRARY_PATH: prependLibraryPath(paths(options.prefix).libDir, options.environment),
});

const commonArgs = (options: ProcessOptions, port: number, workDir: string): string[] => [
  `--ip=${options.advertise}`,
  `--port=${port}`,
  `--work_dir=${workDir}`,
  `--log_dir=${options.logDir}`,
];

/** Mesos 1.0 to 1.11: mesos-agent, /etc/mesos deploy files, /master/state and /metrics/snapshot. */
export const mesos1xProfile: MesosProfile = {
  id: '1.x',
  covers: '1.0.0 to 1.11.x',
  matches: (version) => {
    const parsed = parseVersion(version);
    return parsed !== undefined && parsed.major === 1 && parsed.minor <= 11;
  },
  defaultVersion: DEFAULT_VERSION,
  // 1.x serves the web UI on the daemon's own port and has no webui_port flag.
  defaultPorts: { master: 5050, masterWebui: 5050, slave: 5051, slaveWebui: 5051 },
  portKeys: ['master', 'slave'],
  ipv6: true,
  confKeyReaders: undefined,
  flagOnlyKeys: [
    { key: 'ip', useInstead: 'the node\'s advertise address' },
    { key: 'port', useInstead: 'ports.master or ports.slave' },
    { key: 'master', useInstead: 'masters' },
    { key: 'work_dir', useInstead: 'the node\'s workDir' },
    { key: 'log_dir', useInstead: 'the node\'s logDir' },
  ],
  derivedSparkEnvKeys: ['MESOS_NATIVE_LIBRARY', 'MESOS_NATIVE_JAVA_LIBRARY', 'SCALA_HOME'],
  paths,
  configureArgs: autotoolsConfigureArgs,
  compilerWarning: (gccVersion) => {
    const gcc = parseGccVersion(gccVersion);
    if (gcc === undefined || gcc.major > 4 || (gcc.major === 4 && (gcc.minor > 8 || (gcc.minor === 8 && gcc.patch >= 1)))) {
      return undefined;
    }
    return {
      message: `Mesos 1.x needs GCC 4.8.1 or newer (C++11); this is GCC ${gcc.major}.${gcc.minor}.${gcc.patch}`,
      hint: 'Install a newer GCC (or Clang 3.5+) before building.',
    };
  },
  masterCommand: (options) => ({
    file: paths(options.prefix).masterBinary,
    args: commonArgs(options, options.ports.master, posix.join(options.workDir, 'master')),
    env: processEnv(options),
  }),
  slaveCommand: (options) => ({
    file: paths(options.prefix).slaveBinary,
    args: [
      `--master=${renderMasterUrl(options.master)}`,
      ...commonArgs(options, options.ports.slave, posix.join(options.workDir, 'agent')),
      // Lets a restarted agent accept added resources instead of refusing to start (1.5+; MESOS.md).
      ...(versionAtLeast(options.mesosVersion ?? DEFAULT_VERSION, '1.5.0') ? ['--reconfiguration_policy=additive'] : []),
    ],
    env: processEnv(options),
  }),
  http: {
    masterState: '/master/state',
    masterStats: '/metrics/snapshot',
    masterVars: undefined,
    masterHealth: '/master/health',
    slaveState: '/slave(1)/state',
    slaveStats: '/metrics/snapshot',
    slaveVars: undefined,
    slaveHealth: '/slave(1)/health',
  },
  readMasterStats: (json) => ({
    elected: readFlag(field(json, 'master/elected')),
    activeSlaves: readCount(field(json, 'master/slaves_active')),
  }),
  webuiUrl: (host, ports) => `http://${formatHostPort(host, ports.master)}/`,
  sparkEnv: ({ sparkVersion, paths: p, scalaHome }) => ({
    ...nativeLibraryVariables(sparkVersion, p.libmesos),
    ...(scalaHome === undefined ? {} : { SCALA_HOME: scalaHome }),
  }),
  sparkMasterUrl: sparkMasterUrlFor,
  sparkContextLine: sparkContextLineFor,
};
