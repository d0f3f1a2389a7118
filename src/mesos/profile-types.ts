import type { JdkLayout } from '../model/check-java-home.js';
import type { MasterUrl } from './master-url.js';

/** Mesos's ports on one node. */
export interface MesosPorts {
  readonly master: number;
  readonly masterWebui: number;
  readonly slave: number;
  readonly slaveWebui: number;
}

/** Every file of a Mesos installation the tool reads or writes, as absolute paths under the prefix. */
export interface MesosPaths {
  readonly prefix: string;
  readonly masterBinary: string;
  /** `mesos-slave` (0.9) or `mesos-agent` (1.x). */
  readonly slaveBinary: string;
  readonly libDir: string;
  /** `lib/libmesos.so`, what spark-env.sh points at. */
  readonly libmesos: string;
  /** `lib/libmesos-<version>.so`, what the binaries are linked against. */
  readonly libmesosVersioned: string;
  readonly deployDir: string;
  readonly masters: string;
  readonly slaves: string;
  readonly deployEnv: string;
  /** The directory given to the daemons as `--conf`; undefined when the version has no mesos.conf. */
  readonly confDir: string | undefined;
  readonly mesosConf: string | undefined;
}

/** Optional parts of the build, as `./configure` flags. */
export type ConfigureFeature = '--disable-python' | '--disable-webui' | '--without-included-zookeeper';

export interface ConfigureOptions {
  readonly prefix: string;
  readonly javaHome: string;
  /** From checkJavaHome: decides whether configure must be told where libjvm is. */
  readonly jdkLayout: JdkLayout;
  readonly features?: readonly ConfigureFeature[];
}

/** The per-process values mesosd puts on a Mesos daemon's command line. */
export interface ProcessOptions {
  readonly prefix: string;
  /** This node's address (`--ip`). */
  readonly advertise: string;
  readonly ports: MesosPorts;
  readonly logDir: string;
  /** The node's work directory. */
  readonly workDir: string;
  /** The exact Mesos release, for flags that depend on it; defaults to the profile's default version. */
  readonly mesosVersion?: string;
  /** The operator's extra settings, for versions without mesos.conf (given as MESOS_<KEY> variables). */
  readonly conf?: Readonly<Record<string, string>>;
  /** The environment the child inherits (for LD_LIBRARY_PATH); nothing is read from process.env. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

export interface SlaveProcessOptions extends ProcessOptions {
  readonly master: MasterUrl;
}

/** A command to run without a shell: a file, its arguments, and the variables to add to its environment. */
export interface ProcessSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** The HTTP paths of a version; undefined where the version has no such endpoint. */
export interface MesosHttpPaths {
  readonly masterState: string;
  readonly masterStats: string;
  readonly masterVars: string | undefined;
  /** 200 when healthy (1.x only). */
  readonly masterHealth: string | undefined;
  readonly slaveState: string;
  readonly slaveStats: string;
  readonly slaveVars: string | undefined;
  readonly slaveHealth: string | undefined;
}

/** What a master's statistics say about it. */
export interface MasterStats {
  readonly elected: boolean | undefined;
  readonly activeSlaves: number | undefined;
}

/** A fact to show before a long step, with what to do about it. */
export interface ProfileWarning {
  readonly message: string;
  readonly hint: string;
}

/** A mesos.conf key mesosd passes per process as a flag, and the setting to use instead. */
export interface FlagOnlyKey {
  readonly key: string;
  readonly useInstead: string;
}

export interface SparkEnvInput {
  /** The Spark version found; undefined when unknown (then both library variables are written). */
  readonly sparkVersion: string | undefined;
  readonly paths: MesosPaths;
  readonly scalaHome?: string;
}

export interface SparkContextInput {
  readonly host: string;
  readonly port: number;
  readonly sparkVersion: string | undefined;
  readonly sparkHome: string;
}

/**
 * Everything that differs between Mesos versions (DESIGN.md decision 1): files, flags, library variables and HTTP
 * endpoints. Nothing outside the profiles branches on a version string.
 */
export interface MesosProfile {
  /** `0.9` or `1.x`. */
  readonly id: string;
  /** The versions covered, for people: `0.9.0`. */
  readonly covers: string;
  /** True when this profile is the one for `version`. */
  matches(version: string): boolean;
  readonly defaultVersion: string;
  readonly defaultPorts: MesosPorts;
  /** The ports the daemons of this version listen on (1.x has no separate web UI ports). */
  readonly portKeys: readonly (keyof MesosPorts)[];
  /** Whether the daemons can advertise an IPv6 address. */
  readonly ipv6: boolean;
  /** Keys mesosd always passes as flags, so mesos.conf must not set them (flags would win silently). */
  readonly flagOnlyKeys: readonly FlagOnlyKey[];
  /**
   * mesos.conf keys only one daemon reads (MESOS.md); any other key is read by both. A daemon reads mesos.conf at
   * start only, so a changed key restarts the daemons that read it. Versions without mesos.conf pass the keys in
   * the environment, where the command line's comparison already sees them.
   */
  readonly confKeyReaders: { readonly masterOnly: readonly string[]; readonly slaveOnly: readonly string[] } | undefined;
  /** Variables spark-env.sh gets from the profile, so the operator's extra variables must not set them. */
  readonly derivedSparkEnvKeys: readonly string[];
  paths(prefix: string, version?: string): MesosPaths;
  /** The argv of `./configure` (without the program itself). */
  configureArgs(options: ConfigureOptions): string[];
  /** A warning when this Mesos is not expected to build with the given GCC version (`12.2.0`). */
  compilerWarning(gccVersion: string): ProfileWarning | undefined;
  masterCommand(options: ProcessOptions): ProcessSpec;
  slaveCommand(options: SlaveProcessOptions): ProcessSpec;
  readonly http: MesosHttpPaths;
  /** Reads the parsed JSON of `http.masterStats`. */
  readMasterStats(json: unknown): MasterStats;
  /** The master's web UI address. */
  webuiUrl(host: string, ports: MesosPorts): string;
  /** The managed variables of spark-env.sh, in the order to write them. */
  sparkEnv(input: SparkEnvInput): Record<string, string>;
  /** The master URL a Spark job is given. */
  sparkMasterUrl(host: string, port: number, sparkVersion: string | undefined): string;
  /** A SparkContext line for the Spark version found, to show the user. */
  sparkContextLine(input: SparkContextInput): string;
}
