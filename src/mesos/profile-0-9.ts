import { posix } from 'node:path';
import { field, readCount, readFlag } from './mesos-http.js';
import { formatHostPort, renderMasterUrl } from './master-url.js';
import {
  autotoolsConfigureArgs,
  nativeLibraryVariables,
  normalizeDir,
  numericVersion,
  parseGccVersion,
  prependLibraryPath,
  sparkContextLineFor,
  sparkMasterUrlFor,
} from './profile-common.js';
import type { MesosPaths, MesosProfile, ProcessOptions } from './profile-types.js';
import { parseVersion } from './versions.js';

// Not in deploy/: mesos-daemon.sh starts the daemons with --conf=<prefix>/var/mesos/conf (MESOS.md fact 2).
const confDir = (prefix: string): string => posix.join(prefix, 'var/mesos/conf');

const paths = (prefix: string, version = '0.9.0'): MesosPaths => {
  const at = (relative: string): string => posix.join(prefix, relative);
  return {
    prefix: normalizeDir(prefix),
    masterBinary: at('sbin/mesos-master'),
    slaveBinary: at('sbin/mesos-slave'),
    libDir: at('lib'),
    libmesos: at('lib/libmesos.so'),
    libmesosVersioned: at(`lib/libmesos-${numericVersion(version)}.so`),
    deployDir: at('var/mesos/deploy'),
    masters: at('var/mesos/deploy/masters'),
    slaves: at('var/mesos/deploy/slaves'),
    deployEnv: at('var/mesos/deploy/mesos-deploy-env.sh'),
    confDir: confDir(prefix),
    mesosConf: posix.join(confDir(prefix), 'mesos.conf'),
  };
};

/** Flags both 0.9 daemons get: the shared mesos.conf, then the per-process values that must win over it. */
const commonArgs = (options: ProcessOptions, port: number, webuiPort: number): string[] => [
  `--conf=${confDir(options.prefix)}`,
  `--ip=${options.advertise}`,
  `--port=${port}`,
  `--webui_port=${webuiPort}`,
  `--log_dir=${options.logDir}`,
];

const libraryEnv = (options: ProcessOptions): Record<string, string> => ({
  // Before ldconfig has run (or for a prefix off the loader's path) the children still find libmesos.
  LD_LIBRARY_PATH: prependLibraryPath(paths(options.prefix).libDir, options.environment),
});

/** Mesos 0.9.0, the release of the classic "Running Spark on Mesos" procedure. */
export const mesos09Profile: MesosProfile = {
  id: '0.9',
  covers: '0.9.0',
  matches: (version) => {
    const parsed = parseVersion(version);
    return parsed !== undefined && parsed.major === 0 && parsed.minor === 9 && parsed.patch === 0;
  },
  defaultVersion: '0.9.0',
  defaultPorts: { master: 5050, masterWebui: 8080, slave: 5051, slaveWebui: 8081 },
  portKeys: ['master', 'masterWebui', 'slave', 'slaveWebui'],
  // libprocess 0.9 keeps an address as one 32-bit integer.
  ipv6: false,
  confKeyReaders: {
    masterOnly: ['zk', 'failover_timeout', 'slaves'],
    slaveOnly: ['resources', 'attributes', 'work_dir', 'isolation', 'hadoop_home', 'switch_user', 'frameworks_home',
      'executor_shutdown_grace_period'],
  },
  flagOnlyKeys: [
    { key: 'ip', useInstead: 'the node\'s advertise address' },
    { key: 'port', useInstead: 'ports.master or ports.slave' },
    { key: 'webui_port', useInstead: 'ports.masterWebui or ports.slaveWebui' },
    { key: 'master', useInstead: 'masters' },
    { key: 'work_dir', useInstead: 'the node\'s workDir' },
    { key: 'log_dir', useInstead: 'the node\'s logDir' },
    { key: 'conf', useInstead: 'nothing: mesosd passes --conf itself' },
  ],
  derivedSparkEnvKeys: ['MESOS_NATIVE_LIBRARY', 'MESOS_NATIVE_JAVA_LIBRARY', 'SCALA_HOME'],
  paths,
  configureArgs: autotoolsConfigureArgs,
  compilerWarning: (gccVersion) => {
    const gcc = parseGccVersion(gccVersion);
    if (gcc === undefined || gcc.major < 5) return undefined;
    return {
      message:
        `Mesos 0.9.0 is not expected to build with GCC ${gcc.major}: its bundled boost 1.37, libprocess and ` +
        'protobuf 2.4.1 date from the GCC 4 era (the build is known to fail with GCC 12)',
      hint:
        'Build with an older toolchain (GCC 4.x, for example in a container of that era), use a prefix where ' +
        'Mesos 0.9.0 is already built, or choose Mesos 1.x.',
    };
  },
  masterCommand: (options) => ({
    file: paths(options.prefix).masterBinary,
    args: commonArgs(options, options.ports.master, options.ports.masterWebui),
    env: libraryEnv(options),
  }),
  slaveCommand: (options) => ({
    file: paths(options.prefix).slaveBinary,
    args: [
      ...commonArgs(options, options.ports.slave, options.ports.slaveWebui),
      `--master=${renderMasterUrl(options.master)}`,
      `--work_dir=${options.workDir}`,
    ],
    env: libraryEnv(options),
  }),
  http: {
    masterState: '/master/state.json',
    masterStats: '/master/stats.json',
    masterVars: '/master/vars',
    masterHealth: undefined,
    slaveState: '/slave/state.json',
    slaveStats: '/slave/stats.json',
    slaveVars: '/slave/vars',
    slaveHealth: undefined,
  },
  readMasterStats: (json) => ({
    elected: readFlag(field(json, 'elected')),
    activeSlaves: readCount(field(json, 'activated_slaves')),
  }),
  webuiUrl: (host, ports) => `http://${formatHostPort(host, ports.masterWebui)}/`,
  sparkEnv: ({ sparkVersion, paths: p, scalaHome }) => ({
    ...nativeLibraryVariables(sparkVersion, p.libmesos),
    ...(scalaHome === undefined ? {} : { SCALA_HOME: scalaHome }),
  }),
  sparkMasterUrl: sparkMasterUrlFor,
  sparkContextLine: sparkContextLineFor,
};
