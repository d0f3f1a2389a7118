/**
 * Builds, installs and runs the stand-in Mesos 0.9.0 of test/fixtures/mesos-0.9.0 (see its README):
 * the real configure / make / make install steps, in a copy of the fixture, against the JDK found on
 * this machine. Builds are cached per process, so many tests of one file build it once.
 */
import { execa, type Options, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { access, constants, cp, mkdir, mkdtemp, readdir, realpath, rm, symlink } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAND_IN_VERSION = '0.9.0';
/** The fixture tree, found from this module whether it runs from test/helpers or compiled into dist-bench/. */
export const STAND_IN_SOURCE_DIR = ['../fixtures/mesos-0.9.0', '../../../test/fixtures/mesos-0.9.0']
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((dir) => existsSync(dir)) ?? fileURLToPath(new URL('../fixtures/mesos-0.9.0', import.meta.url));
export const STAND_IN_TARBALL_NAME = 'mesos-0.9.0-incubating.tar.gz';
/** The top directory inside the release tarball. */
export const STAND_IN_TOP_DIR = 'mesos-0.9.0';

const STEP_TIMEOUT_MS = 120_000;
const tempDirs = new Set<string>();

async function makeTempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `stand-in-mesos-${label}-`));
  tempDirs.add(dir);
  return dir;
}

/** Removes every temporary directory this module made (builds, prefixes, configure runs). */
export async function cleanupStandInMesos(): Promise<void> {
  const dirs = [...tempDirs];
  tempDirs.clear();
  builds.clear();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The JDK to configure against, and the JAVA_LDFLAGS 0.9's configure needs for it (none for a JDK 8 layout). */
export interface Jdk {
  readonly javaHome: string;
  /** `-L… -R… -Wl,-ljvm` for JDK 9+ (libjvm in lib/server), undefined when 0.9 finds libjvm itself. */
  readonly javaLdflags: string | undefined;
}

/** The directory name 0.9's configure uses under jre/lib/ for this machine. */
export function javaArch(machine: string = os.arch()): string {
  const names: Record<string, string> = { x64: 'amd64', x86_64: 'amd64', ia32: 'i386' };
  return names[machine] ?? machine;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** JAVA_HOME when it holds bin/javac, else the JDK of the `javac` on PATH (symlinks resolved). */
export async function findJdk(env: NodeJS.ProcessEnv = process.env): Promise<Jdk> {
  let javaHome: string | undefined;
  const fromEnv = env['JAVA_HOME'];
  if (fromEnv !== undefined && fromEnv !== '' && (await isExecutable(path.join(fromEnv, 'bin', 'javac')))) {
    javaHome = fromEnv;
  } else {
    for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
      const javac = path.join(dir, 'javac');
      if (dir !== '' && (await isExecutable(javac))) {
        javaHome = path.dirname(path.dirname(await realpath(javac)));
        break;
      }
    }
  }
  if (javaHome === undefined) {
    throw new Error('No JDK found: set JAVA_HOME to a JDK or put javac on PATH (the stand-in Mesos is configured against one)');
  }
  if (existsSync(path.join(javaHome, 'jre', 'lib', javaArch(), 'server'))) return { javaHome, javaLdflags: undefined };
  const server = path.join(javaHome, 'lib', 'server');
  if (!existsSync(path.join(server, 'libjvm.so'))) throw new Error(`No libjvm.so under ${javaHome}`);
  return { javaHome, javaLdflags: `-L${server} -R${server} -Wl,-ljvm` };
}

/** The environment without the variables that would change configure's or the daemons' behaviour. */
function cleanEnv(base: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || key.startsWith('MESOS_') || key.startsWith('LIBPROCESS_')) continue;
    if (['JAVA_HOME', 'JAVA_CPPFLAGS', 'JAVA_LDFLAGS', 'CC', 'CFLAGS', 'LD_LIBRARY_PATH', 'DESTDIR'].includes(key)) continue;
    out[key] = value;
  }
  return out;
}

const BUILD_ARTEFACT = /^(Makefile|config\.log|conftest.*|.*\.lo|.*\.so|mesos-master|mesos-slave|build)$/;

/** Copies the fixture source tree (without build artefacts) to `dest`. */
export async function copyStandInSource(dest: string): Promise<string> {
  await cp(STAND_IN_SOURCE_DIR, dest, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(STAND_IN_SOURCE_DIR, src);
      return rel === '' || !(rel.split(path.sep).length === 1 && BUILD_ARTEFACT.test(rel)) && !rel.endsWith('.lo');
    },
  });
  return dest;
}

export interface ConfigureRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The configured source tree (a temporary copy of the fixture). */
  readonly dir: string;
}

/** Runs ./configure with `args` in a fresh copy of the fixture; the exit code is data, not an error. */
export async function configureStandIn(args: readonly string[], env: Record<string, string> = {}): Promise<ConfigureRun> {
  const dir = await copyStandInSource(path.join(await makeTempDir('configure'), STAND_IN_TOP_DIR));
  const result = await execa('./configure', args, {
    cwd: dir,
    env: { ...cleanEnv(process.env), ...env },
    extendEnv: false,
    reject: false,
    timeout: STEP_TIMEOUT_MS,
    stdin: 'ignore',
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, dir };
}

export interface StandInBuildOptions {
  /** Installation prefix; default: a fresh temporary directory. */
  readonly prefix?: string;
  /** `make install DESTDIR=…`: files land in DESTDIR/prefix, paths inside them name prefix only. */
  readonly destdir?: string;
  /** Default: the JDK found by findJdk(). Ignored with `java: false`. */
  readonly javaHome?: string;
  /** false: `--disable-java` (no libjvm). Default true. */
  readonly java?: boolean;
  /** More arguments for configure. */
  readonly configureArgs?: readonly string[];
}

export interface StandInPaths {
  readonly mesosMaster: string;
  readonly mesosSlave: string;
  readonly mesosDaemon: string;
  readonly libmesos: string;
  readonly confDir: string;
  readonly deployDir: string;
  readonly standInDir: string;
}

export interface StandInMesos {
  readonly prefix: string;
  readonly destdir: string | undefined;
  /** Where the files are: DESTDIR + prefix, or prefix. */
  readonly root: string;
  /** The configured and built source tree (`make install` can run there again). */
  readonly buildDir: string;
  readonly javaHome: string | undefined;
  /** Paths under `root`. */
  readonly paths: StandInPaths;
  /** configure, make and make install output, interleaved. */
  readonly log: string;
  readonly buildMs: number;
}

const builds = new Map<string, Promise<StandInMesos>>();

/** Builds and installs the stand-in, once per process for equal options. */
export function buildStandInMesos(options: StandInBuildOptions = {}): Promise<StandInMesos> {
  const key = JSON.stringify(options, Object.keys(options).sort());
  let build = builds.get(key);
  if (build === undefined) {
    build = buildUncached(options);
    builds.set(key, build);
    build.catch(() => builds.delete(key));
  }
  return build;
}

async function runStep(file: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<string> {
  const result = await execa(file, args, { cwd, env, extendEnv: false, all: true, reject: false, timeout: STEP_TIMEOUT_MS, stdin: 'ignore' });
  if (result.exitCode !== 0) {
    const tail = result.all.split('\n').slice(-30).join('\n');
    throw new Error(`stand-in Mesos: \`${[file, ...args].join(' ')}\` failed (exit ${result.exitCode ?? result.signal})\n${tail}`);
  }
  return result.all;
}

async function buildUncached(options: StandInBuildOptions): Promise<StandInMesos> {
  const started = Date.now();
  const work = await makeTempDir('build');
  const prefix = options.prefix ?? path.join(work, 'prefix');
  const buildDir = await copyStandInSource(path.join(work, STAND_IN_TOP_DIR));
  const env = cleanEnv(process.env);
  const java = options.java !== false;
  const args = [`--prefix=${prefix}`, ...(java ? [] : ['--disable-java']), ...(options.configureArgs ?? [])];
  let javaHome: string | undefined;
  if (java) {
    const jdk = options.javaHome === undefined ? await findJdk() : await findJdk({ JAVA_HOME: options.javaHome, PATH: '' });
    javaHome = jdk.javaHome;
    args.push(`JAVA_HOME=${jdk.javaHome}`);
    if (jdk.javaLdflags !== undefined) args.push(`JAVA_LDFLAGS=${jdk.javaLdflags}`);
  }
  let log = await runStep('./configure', args, buildDir, env);
  log += await runStep('make', [`-j${Math.max(2, os.availableParallelism())}`], buildDir, env);
  const destdirArgs = options.destdir === undefined ? [] : [`DESTDIR=${options.destdir}`];
  log += await runStep('make', ['install', ...destdirArgs], buildDir, env);
  const root = options.destdir === undefined ? prefix : path.join(options.destdir, prefix);
  return {
    prefix,
    destdir: options.destdir,
    root,
    buildDir,
    javaHome,
    paths: standInPaths(root),
    log,
    buildMs: Date.now() - started,
  };
}

/** The paths of an installed stand-in under `root`. */
export function standInPaths(root: string): StandInPaths {
  return {
    mesosMaster: path.join(root, 'sbin', 'mesos-master'),
    mesosSlave: path.join(root, 'sbin', 'mesos-slave'),
    mesosDaemon: path.join(root, 'sbin', 'mesos-daemon.sh'),
    libmesos: path.join(root, 'lib', `libmesos-${STAND_IN_VERSION}.so`),
    confDir: path.join(root, 'var', 'mesos', 'conf'),
    deployDir: path.join(root, 'var', 'mesos', 'deploy'),
    standInDir: path.join(root, 'libexec', 'mesos', 'stand-in'),
  };
}

/**
 * Makes the installed stand-in appear at root+prefix, as Mesos does on a node whose mesosd.json has that `root`: each
 * installed directory there is a link to the build, except var/mesos/deploy and var/mesos/conf, which are the node's
 * own (empty) directories. Started from there, mesos-master/-slave find libmesos through the lib link (mesosd sets
 * LD_LIBRARY_PATH=root+prefix/lib), their JavaScript by the build's libexec path compiled into them, and read the
 * node's own mesos.conf (--conf=root+prefix/var/mesos/conf). Returns root+prefix.
 */
export async function linkStandInUnder(mesos: StandInMesos, root: string): Promise<string> {
  const rooted = path.join(root, mesos.prefix);
  await mkdir(rooted, { recursive: true });
  for (const entry of await readdir(mesos.root)) {
    if (entry !== 'var') await symlink(path.join(mesos.root, entry), path.join(rooted, entry));
  }
  const own = standInPaths(rooted);
  for (const dir of [own.deployDir, own.confDir]) await mkdir(dir, { recursive: true });
  return rooted;
}

/** Makes `outDir/mesos-0.9.0-incubating.tar.gz` (top directory `mesos-0.9.0/`) from the fixture; returns its path. */
export async function packStandInTarball(outDir: string): Promise<string> {
  const staging = await makeTempDir('pack');
  await copyStandInSource(path.join(staging, STAND_IN_TOP_DIR));
  await mkdir(outDir, { recursive: true });
  const tarball = path.join(outDir, STAND_IN_TARBALL_NAME);
  await runStep(
    'tar',
    ['--owner=0', '--group=0', '--numeric-owner', '--sort=name', '-czf', tarball, '-C', staging, STAND_IN_TOP_DIR],
    staging,
    cleanEnv(process.env),
  );
  return tarball;
}

/**
 * The environment to run the installed programs with: LD_LIBRARY_PATH=<prefix>/lib (0.9's programs carry
 * no rpath to it), without MESOS_* / LIBPROCESS_* variables of the caller, plus `extra`.
 */
export function standInEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...cleanEnv(process.env), LD_LIBRARY_PATH: path.join(prefix, 'lib'), ...extra };
}

/** A free TCP port on `host` (bound once, then released). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** One bounded GET. */
export function httpGet(url: string, timeoutMs = 2000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export interface PollOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/** Polls `url` until its JSON satisfies `predicate`; returns that JSON. Throws with the last answer at the deadline. */
export async function waitForHttpJson<T = unknown>(
  url: string,
  predicate: (json: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 100 }: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const answer = await httpGet(url, Math.min(2000, Math.max(1, deadline - Date.now())));
      last = `HTTP ${answer.status}: ${answer.body.slice(0, 500)}`;
      if (answer.status === 200) {
        const json = JSON.parse(answer.body) as T;
        if (predicate(json)) return json;
      }
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${url}; last: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A running stand-in daemon. */
export interface StandInDaemon {
  readonly pid: number;
  readonly subprocess: ResultPromise;
  /** stdout and stderr so far. */
  output(): string;
  /** Waits until the output matches; throws with the output at the deadline or if the process ends first. */
  waitForOutput(pattern: RegExp, options?: PollOptions): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, SIGKILL after 5 s; resolves with the exit code or signal. */
  stop(): Promise<number | string>;
}

export interface StartDaemonOptions {
  /** Extra environment (LD_LIBRARY_PATH is set from the prefix). */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

/** Starts the installed mesos-master or mesos-slave of `mesos` with `args`. */
export function startStandInDaemon(
  mesos: StandInMesos,
  role: 'master' | 'slave',
  args: readonly string[],
  options: StartDaemonOptions = {},
): StandInDaemon {
  const file = role === 'master' ? mesos.paths.mesosMaster : mesos.paths.mesosSlave;
  const execaOptions: Options = {
    env: standInEnv(mesos.root, options.env),
    extendEnv: false,
    reject: false,
    buffer: false,
    stdin: 'ignore',
    cleanup: true,
    forceKillAfterDelay: 5000,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  };
  const subprocess = execa(file, args, execaOptions);
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  subprocess.stdout?.on('data', append);
  subprocess.stderr?.on('data', append);
  let ended = false;
  const exited = subprocess.then((result) => {
    ended = true;
    for (const listener of listeners) listener();
    return result.exitCode ?? result.signal ?? 'unknown';
  });
  const pid = subprocess.pid;
  if (pid === undefined) throw new Error(`Could not start ${file}`);
  return {
    pid,
    subprocess,
    output: () => output,
    exited,
    waitForOutput(pattern, { timeoutMs = 15_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match !== null) {
            done();
            resolve(match);
          } else if (ended) {
            done();
            reject(new Error(`${path.basename(file)} ended before printing ${pattern}; output:\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${output}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (!ended) subprocess.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs an installed program to its end (bounded); the exit code is data. */
export async function runStandIn(
  mesos: StandInMesos,
  file: string,
  args: readonly string[],
  env: Record<string, string> = standInEnv(mesos.root),
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const result = await execa(file, args, { env, extendEnv: false, reject: false, timeout: 20_000, stdin: 'ignore' });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}
