import { afterAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { createServer } from 'node:net';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findJdk } from '../../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../../helpers/temp-dir.js';

const WIZARD = fileURLToPath(new URL('../../../bin/spark-mesos-setup.js', import.meta.url));
const dirs = tempDirs('wizard-fail-', PERSISTENT_TEST_BASE);
afterAll(dirs.cleanup);

async function nodeArgs(address: string, source: (base: string) => Promise<string>): Promise<{ base: string; args: string[] }> {
  const base = await dirs.make();
  const spark = join(base, 'spark');
  await mkdir(join(spark, 'conf'), { recursive: true });
  await writeFile(join(spark, 'RELEASE'), 'Spark 1.6.3 built for Hadoop 2.6.0\n');
  const { javaHome } = await findJdk();
  return {
    base,
    args: ['create', '--yes', '--no-systemd', '--root', join(base, 'root'), '--prefix', join(base, 'mesos'), '--java-home', javaHome,
      '--spark-home', spark, '--mesos-source', await source(base), '--master', address, '--slaves', address, '--advertise', address],
  };
}

/** A Mesos source directory whose configure script does what the test says. */
async function fakeSource(base: string, configure: string): Promise<string> {
  const dir = join(base, 'mesos-0.9.0');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'configure'), `#!/bin/sh\n${configure}\n`, { mode: 0o755 });
  return dir;
}

const wizard = (args: readonly string[]) => execa('node', [WIZARD, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true' }, all: true });

describe('spark-mesos-setup create: failures are clear and resumable', () => {
  test('a configure failure names the step, shows its last 20 lines and the log, with a hint; a re-run resumes there', async () => {
    const { args } = await nodeArgs('127.0.0.61', (b) => fakeSource(b,
      'if [ -n "$FAKE_CONFIGURE_OK" ]; then printf "all:\\n\\ttrue\\ninstall:\\n\\ttrue\\n" > Makefile; exit 0; fi\n' +
      'i=0; while [ $i -lt 40 ]; do i=$((i+1)); echo "checking thing $i... yes"; done\n' +
      'echo "configure: error: failed to determine linker flags for using Java (bad JAVA_HOME or missing support for your architecture?)" >&2\nexit 1'));
    const result = await wizard(args);
    expect(result.exitCode).toBe(1);
    expect(result.all).toMatch(/spark-mesos-setup: Configure Mesos: `\.\/configure --prefix=\S+ JAVA_HOME=\S+ 'JAVA_LDFLAGS=[^']+'` failed \(exit code 1\)\. Last lines of its output:/);
    expect(result.all).toContain('    checking thing 40... yes\n    configure: error: failed to determine linker flags');
    expect(result.all).not.toContain('    checking thing 20... yes');
    const logPath = /The whole output is in (\S+)/.exec(result.all)?.[1];
    expect(await readFile(logPath ?? '', 'utf8')).toContain('checking thing 1... yes');
    expect(result.all).toMatch(/hint: read the configure output above/);

    // The cause fixed (here: outside the source), the same command again resumes at configure.
    const again = await execa('node', [WIZARD, ...args], { reject: false, stdin: 'ignore', env: { CI: 'true', FAKE_CONFIGURE_OK: '1' }, all: true });
    expect(again.all).toMatch(/Get the Mesos source: skipped \(already done\)/);
    expect(again.all).toMatch(/Configure Mesos: done/);
    expect(again.all).toMatch(/Build Mesos: done/);
    // This fake source installs nothing: said plainly, not taken for an installed Mesos.
    expect(again.exitCode).toBe(1);
    expect(again.all).toMatch(/make install finished, but \S+\/sbin\/mesos-master, \S+\/sbin\/mesos-slave, \S+\/lib\/libmesos-0\.9\.0\.so are not there/);
  }, 60_000);

  test('an unreachable URL says the machine may be offline and suggests a local tarball', async () => {
    // A port on loopback that refuses connections: bound for a moment, then closed.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const { args } = await nodeArgs('127.0.0.62', async () => `http://127.0.0.1:${port}/mesos-0.9.0-incubating.tar.gz`);
    const result = await wizard(args);
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain(`could not download http://127.0.0.1:${port}/mesos-0.9.0-incubating.tar.gz`);
    expect(result.all).toContain('hint: this machine may be offline: fetch the tarball elsewhere, copy it here and give its path with --mesos-source FILE');
  }, 60_000);

  test('a source directory without configure is refused before anything runs', async () => {
    const { args } = await nodeArgs('127.0.0.63', async (b) => {
      await mkdir(join(b, 'empty'), { recursive: true });
      return join(b, 'empty');
    });
    const result = await wizard(args);
    expect(result.exitCode).toBe(2);
    expect(result.all).toMatch(/--mesos-source: ".*empty" is not valid; expected a Mesos source directory, with a configure script/);
  }, 30_000);

  test('a JRE given as --java-home is refused, naming the flag', async () => {
    const { base, args } = await nodeArgs('127.0.0.64', async (b) => fakeSource(b, 'exit 0'));
    const jre = join(base, 'jre');
    await mkdir(join(jre, 'bin'), { recursive: true });
    await writeFile(join(jre, 'bin', 'java'), '#!/bin/sh\n', { mode: 0o755 });
    const result = await wizard(args.map((a, i) => (args[i - 1] === '--java-home' ? jre : a)));
    expect(result.exitCode).toBe(2);
    expect(result.all).toMatch(/--java-home: ".*jre" is not valid; expected a JDK \(this looks like a JRE: no bin\/javac\)/);
  }, 30_000);
});
