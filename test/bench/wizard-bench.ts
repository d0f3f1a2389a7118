/**
 * The wizard, measured: cold start to the first question in a real terminal, and an unattended create against the
 * stand-in Mesos, first run and identical second run. Prints figures; asserts nothing.
 */
import { execa } from 'execa';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PtySession } from '../helpers/pty-session.js';
import { cleanupStandInMesos, findJdk, packStandInTarball } from '../helpers/stand-in-mesos.js';
import { PERSISTENT_TEST_BASE, tempDirs } from '../helpers/temp-dir.js';

const WIZARD = fileURLToPath(new URL('../../../bin/spark-mesos-setup.js', import.meta.url));
const SAMPLES = 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function timeToText(argv: string[], pattern: RegExp): Promise<number> {
  const started = performance.now();
  const session = new PtySession(argv);
  try {
    await session.waitFor(pattern, 10_000);
    return performance.now() - started;
  } finally {
    session.kill();
    await session.exit(5000);
  }
}

export async function benchWizard(): Promise<void> {
  const dirs = tempDirs('wizard-bench-', PERSISTENT_TEST_BASE);
  try {
    const base = await dirs.make();
    const prompt: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      bare.push(await timeToText(['node', '-e', 'process.stdout.write("ready\\n"); setTimeout(() => {}, 5000)'], /ready/));
      prompt.push(await timeToText(['node', WIZARD, 'create', '--root', join(base, 'root'), '--no-systemd'], /Install prefix for Mesos/));
    }
    console.log(`cold start to the first question, in a pseudo-terminal (${SAMPLES} runs): median ${median(prompt).toFixed(0)} ms ` +
      `(goal < 150 ms); node alone printing a line the same way: median ${median(bare).toFixed(0)} ms`);

    const tarball = await packStandInTarball(await dirs.make());
    const { javaHome } = await findJdk();
    const spark = join(base, 'spark');
    await mkdir(join(spark, 'conf'), { recursive: true });
    await writeFile(join(spark, 'RELEASE'), 'Spark 1.6.3 built for Hadoop 2.6.0\n');
    const args = [WIZARD, 'create', '--yes', '--no-systemd', '--root', join(base, 'root'), '--prefix', join(base, 'mesos'),
      '--java-home', javaHome, '--spark-home', spark, '--mesos-source', tarball, '--master', '127.0.0.57', '--slaves', '127.0.0.57',
      '--advertise', '127.0.0.57'];
    const times: number[] = [];
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      const result = await execa('node', args, { reject: false, stdin: 'ignore', env: { CI: 'true' } });
      if (result.exitCode !== 0) throw new Error(`the wizard failed:\n${result.stdout}\n${result.stderr}`);
      times.push(performance.now() - started);
    }
    const [first = Number.NaN, second = Number.NaN] = times;
    console.log(`unattended create with the stand-in Mesos: first run ${(first / 1000).toFixed(2)} s, identical second run ` +
      `${(second / 1000).toFixed(2)} s (${((second / first) * 100).toFixed(0)} % of the first; the stand-in builds in about a second, a real Mesos 0.9 build takes many minutes)`);
  } finally {
    await dirs.cleanup();
    await cleanupStandInMesos();
  }
}
