import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { access, constants, lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  buildStandInMesos,
  cleanupStandInMesos,
  configureStandIn,
  findJdk,
  freePort,
  httpGet,
  javaArch,
  packStandInTarball,
  runStandIn,
  standInEnv,
  startStandInDaemon,
  waitForHttpJson,
  type Jdk,
  type StandInDaemon,
  type StandInMesos,
} from '../helpers/stand-in-mesos.js';

const BUILD_TIMEOUT_MS = 180_000;
const LINKER_FLAGS_ERROR =
  'configure: error: failed to determine linker flags for using Java (bad JAVA_HOME or missing support for your architecture?)';
const JDK_BUILD_ERROR = 'configure: error: failed to build against JDK (using libtool)';

interface MasterState {
  id: string;
  pid: string;
  slaves: { id: string; hostname: string; webui_port: number; resources: { cpus: number; mem: number } }[];
  frameworks: unknown[];
  completed_frameworks: unknown[];
}
interface SlaveState {
  id: string;
  pid: string;
  master: string | null;
}

let mesos: StandInMesos;
let jdk: Jdk;
let scratch: string;

beforeAll(async () => {
  jdk = await findJdk();
  mesos = await buildStandInMesos();
  scratch = await mkdtemp(path.join(os.tmpdir(), 'stand-in-mesos-test-'));
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await cleanupStandInMesos();
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether a process runs (a zombie left for a non-reaping init counts as ended). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function dynamicSection(file: string): Promise<string> {
  return (await execa('readelf', ['-d', file])).stdout;
}

describe('make install', () => {
  test('lays out the prefix as 0.9.0 does', async () => {
    const sbin = [
      'mesos-master',
      'mesos-slave',
      'mesos-daemon.sh',
      'mesos-start-cluster.sh',
      'mesos-start-masters.sh',
      'mesos-start-slaves.sh',
      'mesos-stop-cluster.sh',
      'mesos-stop-masters.sh',
      'mesos-stop-slaves.sh',
    ];
    const executables = [
      ...sbin.map((name) => `sbin/${name}`),
      'bin/mesos-local',
      'bin/mesos-log',
      'bin/mesos-mesos',
      'libexec/mesos/mesos-launcher',
      'libexec/mesos/mesos-executor',
      'libexec/mesos/killtree.sh',
    ];
    for (const file of executables) {
      expect([file, await isExecutable(path.join(mesos.root, file))]).toEqual([file, true]);
    }
    for (const file of [
      'lib/libmesos-0.9.0.so',
      'share/mesos/webui/index.html',
      'var/mesos/deploy/mesos-deploy-env.sh.template',
      'var/mesos/conf/mesos.conf.template',
      'libexec/mesos/stand-in/master.js',
      'libexec/mesos/stand-in/slave.js',
    ]) {
      expect([file, existsSync(path.join(mesos.root, file))]).toEqual([file, true]);
    }
    expect((await lstat(path.join(mesos.root, 'lib/libmesos.so'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(mesos.root, 'lib/libmesos.so'))).toBe('libmesos-0.9.0.so');
    // Written by the user, not by make install.
    for (const file of ['var/mesos/deploy/masters', 'var/mesos/deploy/slaves', 'var/mesos/conf/mesos.conf']) {
      expect([file, existsSync(path.join(mesos.root, file))]).toEqual([file, false]);
    }
  });

  test('libmesos is linked to libjvm with the JDK rpath; the programs carry no rpath to the prefix', async () => {
    const lib = await dynamicSection(mesos.paths.libmesos);
    expect(lib).toContain('Shared library: [libjvm.so]');
    expect(lib).toContain('Library soname: [libmesos-0.9.0.so]');
    expect(lib).toContain(path.join(jdk.javaHome, 'lib', 'server'));
    const master = await dynamicSection(mesos.paths.mesosMaster);
    expect(master).toContain('Shared library: [libmesos-0.9.0.so]');
    expect(master).not.toMatch(/RPATH|RUNPATH/);
    // make printed a line for every compilation unit, automake style.
    expect(mesos.log.match(/^ {2}CC {7}src\/\S+\.lo$/gm)?.length).toBeGreaterThanOrEqual(20);
  });

  test('honours DESTDIR without baking it into the programs, and runs again over an existing prefix', async () => {
    const destdir = path.join(scratch, 'destdir');
    const prefix = '/opt/stand-in-mesos-prefix';
    const staged = await buildStandInMesos({ prefix, destdir, java: false, configureArgs: ['--disable-webui'] });
    expect(staged.root).toBe(path.join(destdir, prefix));
    expect(existsSync(path.join(destdir, prefix, 'sbin', 'mesos-master'))).toBe(true);
    expect(existsSync(path.join(destdir, prefix, 'share', 'mesos', 'webui'))).toBe(false);
    expect(await dynamicSection(staged.paths.libmesos)).not.toContain('libjvm');
    const binary = await readFile(staged.paths.mesosMaster, 'latin1');
    expect(binary).toContain(`${prefix}/libexec/mesos/stand-in/master.js`);
    expect(binary).not.toContain(destdir);
    const again = await execa('make', ['install', `DESTDIR=${destdir}`], { cwd: staged.buildDir, reject: false });
    expect(again.exitCode).toBe(0);
    const clean = await execa('make', ['clean'], { cwd: staged.buildDir, reject: false });
    expect(clean.exitCode).toBe(0);
    expect(existsSync(path.join(staged.buildDir, 'mesos-master'))).toBe(false);
    expect(existsSync(path.join(staged.buildDir, 'src', 'master', 'master.lo'))).toBe(false);
  }, BUILD_TIMEOUT_MS);

  test('packs a release tarball with the top directory mesos-0.9.0/', async () => {
    const tarball = await packStandInTarball(path.join(scratch, 'dist'));
    expect(path.basename(tarball)).toBe('mesos-0.9.0-incubating.tar.gz');
    const listing = (await execa('tar', ['-tzvf', tarball])).stdout.split('\n');
    expect(listing.every((line) => / mesos-0\.9\.0\//.test(line))).toBe(true);
    expect(listing.find((line) => line.endsWith(' mesos-0.9.0/configure'))).toMatch(/^-rwx/);
    expect(listing.some((line) => / mesos-0\.9\.0\/Makefile$/.test(line))).toBe(false);
  });
});

describe('configure', () => {
  const jdkLdflags = () => {
    const server = path.join(jdk.javaHome, 'lib', 'server');
    return `-L${server} -R${server} -Wl,-ljvm`;
  };

  test('a JAVA_HOME that is no JDK fails with 0.9.0\'s linker-flags message', async () => {
    const notAJdk = path.join(scratch, 'not-a-jdk');
    await mkdir(path.join(notAJdk, 'bin'), { recursive: true });
    const run = await configureStandIn([`JAVA_HOME=${notAJdk}`]);
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(LINKER_FLAGS_ERROR);
  });

  test('a JRE-only JAVA_HOME (libjvm, no jni.h, no javac) fails the JDK link test', async () => {
    const jre = path.join(scratch, 'jre-only');
    const server = path.join(jre, 'jre', 'lib', javaArch(), 'server');
    await mkdir(server, { recursive: true });
    await mkdir(path.join(jre, 'bin'), { recursive: true });
    await symlink(path.join(jdk.javaHome, 'lib', 'server', 'libjvm.so'), path.join(server, 'libjvm.so'));
    await symlink(path.join(jdk.javaHome, 'bin', 'java'), path.join(jre, 'bin', 'java'));
    const run = await configureStandIn([`JAVA_HOME=${jre}`]);
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toContain('checking whether or not we can build against libjvm... no');
    expect(run.stderr).toContain(JDK_BUILD_ERROR);
    expect(await readFile(path.join(run.dir, 'config.log'), 'utf8')).toMatch(/jni\.h/);
  });

  test('the JDK on this machine (9+) fails without JAVA_LDFLAGS, as 0.9.0 does', async () => {
    expect(existsSync(path.join(jdk.javaHome, 'jre'))).toBe(false);
    const run = await configureStandIn([`JAVA_HOME=${jdk.javaHome}`]);
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain(LINKER_FLAGS_ERROR);
    expect(existsSync(path.join(run.dir, 'Makefile'))).toBe(false);
  });

  test('JAVA_HOME from the javac on PATH and JAVA_LDFLAGS for lib/server get through', async () => {
    const run = await configureStandIn([`JAVA_LDFLAGS=${jdkLdflags()}`], { PATH: process.env['PATH'] ?? '' });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('checking whether or not we can build against libjvm... yes');
    expect(run.stdout).toMatch(/^checking for JAVA_HOME\.\.\. \S+ \(from \S+javac\)$/m);
    const makefile = await readFile(path.join(run.dir, 'Makefile'), 'utf8');
    expect(makefile).toContain(`-Wl,-rpath,${path.join(jdk.javaHome, 'lib', 'server')}`);
  });

  test('--with-java-home is only warned about, like any unknown option in autoconf', async () => {
    const run = await configureStandIn([`--with-java-home=${jdk.javaHome}`, `JAVA_HOME=${jdk.javaHome}`, `JAVA_LDFLAGS=${jdkLdflags()}`]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('configure: WARNING: unrecognized options: --with-java-home\n');
  });

  test('an unknown plain option is an error; --help lists the 0.9.0 options', async () => {
    const bad = await configureStandIn(['--java-home=/x']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain("configure: error: unrecognized option: `--java-home=/x'");
    const help = await configureStandIn(['--help']);
    expect(help.exitCode).toBe(0);
    for (const option of ['--prefix=PREFIX', '--disable-java', '--disable-python', '--disable-webui', '--without-included-zookeeper', 'JAVA_LDFLAGS']) {
      expect(help.stdout).toContain(option);
    }
  });
});

describe('the installed programs', () => {
  test('mesos-master without LD_LIBRARY_PATH fails in the loader', async () => {
    const env = standInEnv(mesos.root);
    delete env['LD_LIBRARY_PATH'];
    const run = await runStandIn(mesos, mesos.paths.mesosMaster, ['--help'], env);
    expect(run.exitCode).toBe(127);
    expect(run.stderr).toContain('error while loading shared libraries: libmesos-0.9.0.so');
  });

  test('mesos-slave without --master exits 1 with "Missing required option --master"', async () => {
    const run = await runStandIn(mesos, mesos.paths.mesosSlave, ['--ip=127.0.0.1']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Missing required option --master');
  });

  test('--help prints the usage and the supported options (and exits 1, as 0.9.0)', async () => {
    const run = await runStandIn(mesos, mesos.paths.mesosMaster, ['--help']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^Usage: mesos-master /);
    expect(run.stderr).toMatch(/--port=VAL \(or -p VAL\) +Port to listen on \(default: 5050\)/);
  });

  test('"--port 5050" is the boolean --port for 0.9.0, so a configuration error', async () => {
    const run = await runStandIn(mesos, mesos.paths.mesosMaster, ['--port', '5050']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("Configuration error: Option 'port' should not be a boolean.");
  });

  test('zk:// is fatal: the stand-in has no ZooKeeper', async () => {
    const run = await runStandIn(mesos, mesos.paths.mesosSlave, ['--master=zk://127.0.0.1:2181/mesos', '--ip=127.0.0.1']);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^F\d{4} .*no ZooKeeper support/m);
  });
});

describe('daemons on loopback', () => {
  const started: StandInDaemon[] = [];
  const start = (role: 'master' | 'slave', args: readonly string[], env?: Record<string, string>) => {
    const daemon = startStandInDaemon(mesos, role, args, env === undefined ? {} : { env });
    started.push(daemon);
    return daemon;
  };

  afterEach(async () => {
    await Promise.all(started.splice(0).map((daemon) => daemon.stop()));
  });

  async function masterArgs(): Promise<{ port: number; args: string[] }> {
    const port = await freePort();
    return { port, args: ['--ip=127.0.0.1', `--port=${port}`, `--webui_port=${await freePort()}`] };
  }

  async function slaveArgs(masterPort: number): Promise<string[]> {
    const workDir = await mkdtemp(path.join(scratch, 'work-'));
    return [`--master=127.0.0.1:${masterPort}`, '--ip=127.0.0.1', `--webui_port=${await freePort()}`, `--work_dir=${workDir}`];
  }

  const stateUrl = (port: number) => `http://127.0.0.1:${port}/master/state.json`;

  test("the master's state.json lists a registered slave under its host name", async () => {
    const master = await masterArgs();
    start('master', master.args);
    const slaveArgv = await slaveArgs(master.port);
    const slave = start('slave', [...slaveArgv, '--resources=cpus:3;mem:2048']);
    const state = await waitForHttpJson<MasterState>(stateUrl(master.port), (s) => s.slaves.length === 1);
    expect(state.pid).toBe(`master@127.0.0.1:${master.port}`);
    expect(state.slaves[0]).toMatchObject({ hostname: os.hostname(), resources: { cpus: 3, mem: 2048 } });
    expect(state.slaves[0]?.id.startsWith(`${state.id}-`)).toBe(true);
    expect(state).toMatchObject({ frameworks: [], completed_frameworks: [] });

    const [, slaveAddress] = await slave.waitForOutput(/Slave started on (127\.0\.0\.1:\d+)/);
    const slaveState = await waitForHttpJson<SlaveState>(`http://${slaveAddress}/slave/state.json`, (s) => s.master !== null);
    expect(slaveState).toMatchObject({ id: state.slaves[0]?.id, master: state.pid, pid: `slave(1)@${slaveAddress}` });
    const stats = await waitForHttpJson<Record<string, number>>(`http://127.0.0.1:${master.port}/master/stats.json`, () => true);
    expect(stats).toMatchObject({ elected: 1, activated_slaves: 1, cpus_total: 3, mem_total: 2048 });
    const vars = await httpGet(`http://127.0.0.1:${master.port}/master/vars`);
    expect(vars.body).toMatch(new RegExp(`^port ${master.port}$`, 'm'));
    expect((await httpGet(`http://127.0.0.1:${master.port}/master/nothing-here`)).status).toBe(404);
    const workDir = slaveArgv.find((a) => a.startsWith('--work_dir='))?.slice('--work_dir='.length) ?? '';
    expect(await readlink(path.join(workDir, 'meta', 'slaves', 'latest'))).toBe(state.slaves[0]?.id);
  });

  test('a slave started before its master registers once the master comes, and again after a restart', async () => {
    const master = await masterArgs();
    const slave = start('slave', await slaveArgs(master.port));
    await slave.waitForOutput(/is not reachable \(ECONNREFUSED\); retrying every second/);
    const first = start('master', master.args);
    const before = await waitForHttpJson<MasterState>(stateUrl(master.port), (s) => s.slaves.length === 1);
    expect(await first.stop()).toBe(0);
    start('master', master.args);
    const after = await waitForHttpJson<MasterState>(stateUrl(master.port), (s) => s.slaves.length === 1);
    expect(after.id).not.toBe(before.id);
    expect(after.slaves[0]?.id).toBe(before.slaves[0]?.id);
    await slave.waitForOutput(/Re-registered with master/);
  });

  test('SIGTERM stops both cleanly; a stopping slave unregisters at once', async () => {
    const master = await masterArgs();
    const masterDaemon = start('master', master.args);
    const slave = start('slave', await slaveArgs(master.port));
    await waitForHttpJson<MasterState>(stateUrl(master.port), (s) => s.slaves.length === 1);
    expect(await slave.stop()).toBe(0);
    // Well before the 5 s heartbeat timeout.
    await waitForHttpJson<MasterState>(stateUrl(master.port), (s) => s.slaves.length === 0, { timeoutMs: 2000 });
    expect(await masterDaemon.stop()).toBe(0);
  });

  test('mesos.conf values are used; MESOS_* variables and then command-line flags win', async () => {
    const [confPort, envPort, flagPort] = [await freePort(), await freePort(), await freePort()];
    const conf = await mkdtemp(path.join(scratch, 'conf-'));
    const logDir = await mkdtemp(path.join(scratch, 'logs-'));
    await writeFile(
      path.join(conf, 'mesos.conf'),
      [
        '# mesos.conf of the test',
        `port = ${confPort}   # a comment after a value`,
        `port = ${flagPort}`,
        'ip = 127.0.0.1',
        `webui_port = ${await freePort()}`,
        `log_dir = ${logDir}`,
        '',
        'some_unknown_key = is accepted',
      ].join('\n'),
    );
    const fromConf = start('master', [`--conf=${conf}`]);
    await waitForHttpJson<MasterState>(stateUrl(confPort), (s) => s.pid === `master@127.0.0.1:${confPort}`);
    expect(await fromConf.stop()).toBe(0);
    expect(await readFile(path.join(logDir, 'mesos-master.INFO'), 'utf8')).toMatch(/^I\d{4} [\d:.]+ +\d+ master\.js:\d+\] Master started on 127\.0\.0\.1:/m);

    const fromEnv = start('master', [`--conf=${conf}`], { MESOS_PORT: String(envPort) });
    await waitForHttpJson<MasterState>(stateUrl(envPort), () => true);
    expect(await fromEnv.stop()).toBe(0);

    start('master', [`--conf=${conf}`, `--port=${flagPort}`], { MESOS_PORT: String(envPort) });
    const vars = await waitForHttpJson<unknown>(stateUrl(flagPort), () => true).then(() => httpGet(`http://127.0.0.1:${flagPort}/master/vars`));
    expect(vars.body).toMatch(new RegExp(`^port ${flagPort}$`, 'm'));
    expect(vars.body).toMatch(/^some_unknown_key is accepted$/m);
  });

  test('the master removes a slave that stopped sending heartbeats (file:// master URL)', async () => {
    const master = await masterArgs();
    start('master', master.args);
    const masterFile = path.join(await mkdtemp(path.join(scratch, 'url-')), 'master');
    await writeFile(masterFile, `master@127.0.0.1:${master.port}\n`);
    const args = (await slaveArgs(master.port)).map((a) => (a.startsWith('--master=') ? `--master=file://${masterFile}` : a));
    const slave = start('slave', args);
    await waitForHttpJson<MasterState>(stateUrl(master.port), (s) => s.slaves.length === 1);
    slave.subprocess.kill('SIGKILL');
    expect(await slave.exited).toBe('SIGKILL');
    const startedWaiting = Date.now();
    await waitForHttpJson<MasterState>(stateUrl(master.port), (s) => s.slaves.length === 0, { timeoutMs: 10_000 });
    expect(Date.now() - startedWaiting).toBeGreaterThanOrEqual(3000);
  }, 30_000);

  test('mesos-daemon.sh starts a detached daemon with --conf=<prefix>/var/mesos/conf that nohup protects', async () => {
    const port = await freePort();
    const confFile = path.join(mesos.paths.confDir, 'mesos.conf');
    await writeFile(confFile, `ip = 127.0.0.1\nport = ${port}\nwebui_port = ${await freePort()}\n`);
    let pid: number | undefined;
    try {
      const run = await runStandIn(mesos, mesos.paths.mesosDaemon, ['mesos-master']);
      expect(run.exitCode).toBe(0);
      const state = await waitForHttpJson<MasterState>(stateUrl(port), () => true);
      pid = Number(state.id.split('-').at(-1));
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      expect(cmdline).toContain(`--conf=${mesos.paths.confDir}`);
      expect((await readFile(`/proc/${pid}/comm`, 'utf8')).trim()).toBe('mesos-master');
      process.kill(pid, 'SIGHUP');
      await waitForHttpJson<MasterState>(stateUrl(port), () => true);
      expect(isRunning(pid)).toBe(true);
    } finally {
      if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGTERM');
      await rm(confFile, { force: true });
    }
    const deadline = Date.now() + 5000;
    while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isRunning(pid)).toBe(false);
  });

  test('a malformed mesos.conf line is fatal', async () => {
    const conf = await mkdtemp(path.join(scratch, 'conf-'));
    await writeFile(path.join(conf, 'mesos.conf'), 'port = 5050\nthis line has no equals sign\n');
    const master = start('master', [`--conf=${conf}`, '--ip=127.0.0.1']);
    expect(await master.exited).toBe(1);
    expect(master.output()).toContain("Configuration error: Malformed line in config file: 'this line has no equals sign'");
  });

  test('a port in use is fatal with the bind error', async () => {
    const master = await masterArgs();
    start('master', master.args);
    await waitForHttpJson<MasterState>(stateUrl(master.port), () => true);
    const second = start('master', ['--ip=127.0.0.1', `--port=${master.port}`, `--webui_port=${await freePort()}`]);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/^F\d{4} .*Failed to initialize, bind: Address already in use$/m);
  });
});
