import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ToolError } from '../../src/errors.js';
import { shellCommandLine } from '../../src/formats/shell-word.js';
import type { MesosPaths } from '../../src/mesos/profile-types.js';
import type { Step } from '../run/step.js';

/** Counts compile units: up front from `make -n`, then as the build prints them. */
export interface BuildProgress {
  countUnits(dryRunOutput: string): number;
  /** A counter for the live build; `feed` returns the units done so far and the (possibly grown) total. */
  liveCounter(total: number): { feed(line: string): { readonly done: number; readonly total: number } };
}

export interface BuildInput {
  readonly buildDir: string;
  readonly configureArgs: readonly string[];
  readonly paths: MesosPaths;
  readonly progress: BuildProgress;
  readonly jobs?: number;
}

const CONFIGURE_HINT = 'read the configure output above: usually JAVA_HOME is not a JDK, or a compiler or library is missing';
const MAKE_HINT = 'a compile error: Mesos 0.9.0 needs an older C++ toolchain than this one (GCC 4.x), or use a prefix where Mesos ' +
  'is already built (--mesos-source installed), or a newer Mesos';

/** configure, make and make install: three steps, so a failed build resumes at the step that failed. */
export function buildMesosSteps(input: BuildInput): Step[] {
  const jobs = input.jobs ?? availableParallelism();
  const { buildDir, paths } = input;
  return [
    {
      id: 'configure',
      title: 'Configure Mesos',
      actions: [`cd ${buildDir} && ${shellCommandLine(['./configure', ...input.configureArgs])}`],
      inputs: { args: input.configureArgs },
      stillDone: async () => existsSync(join(buildDir, 'Makefile')),
      run: async (context) => {
        await context.run('./configure', input.configureArgs, { cwd: buildDir, hint: CONFIGURE_HINT });
        return undefined;
      },
    },
    {
      id: 'make',
      title: 'Build Mesos',
      actions: [`cd ${buildDir} && make -j${jobs}`],
      inputs: { jobs },
      stillDone: async () => existsSync(join(buildDir, 'Makefile')),
      run: async (context) => {
        const dryRun: string[] = [];
        await context.run('make', ['-n'], { cwd: buildDir, onLine: (line) => dryRun.push(line) }).catch(() => undefined);
        const total = input.progress.countUnits(dryRun.join('\n'));
        const counter = input.progress.liveCounter(total);
        context.reporter.stepProgress('make', 0, total);
        let shown = 0;
        await context.run('make', [`-j${jobs}`], {
          cwd: buildDir,
          hint: MAKE_HINT,
          onLine: (line) => {
            const { done, total: now } = counter.feed(line);
            if (done !== shown) context.reporter.stepProgress('make', done, now);
            shown = done;
          },
        });
        return `${total} compile units`;
      },
    },
    {
      id: 'install',
      title: 'Install Mesos',
      actions: [`cd ${buildDir} && make install`, `→ ${paths.masterBinary}, ${paths.slaveBinary}, ${paths.libmesos}`],
      inputs: { prefix: paths.prefix },
      stillDone: async () => existsSync(paths.masterBinary) && existsSync(paths.slaveBinary) && existsSync(paths.libmesosVersioned),
      run: async (context) => {
        await context.run('make', ['install'], { cwd: buildDir, hint: 'check that the prefix is writable and the disk is not full' });
        const missing = [paths.masterBinary, paths.slaveBinary, paths.libmesosVersioned].filter((path) => !existsSync(path));
        if (missing.length > 0) {
          throw new ToolError('INSTALL_INCOMPLETE', `make install finished, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not there`, {
            hint: `this source does not install Mesos into ${paths.prefix} the way a Mesos release does: check --mesos-source and --mesos-version`,
          });
        }
        return paths.prefix;
      },
    },
  ];
}
