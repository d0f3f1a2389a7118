import { existsSync } from 'node:fs';
import { lstat, readFile, readlink, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/run-cli.js';
import { writeFileAtomic } from '../../src/fs/atomic-file.js';
import { removeSparkEnvBlock } from '../../src/formats/spark-env.js';
import type { WizardRunOptions } from '../answers/wizard-answers.js';
import type { SystemPaths } from '../system-paths.js';
import { LOADER_CONF_HEADER } from '../steps/loader-step.js';
import { currentAnswers } from './current-answers.js';

/**
 * Stops and disables mesosd and removes what this tool wrote: the unit, the installed copy and its links, mesosd's
 * settings, state and token, the loader entry, the journal, and spark-env.sh's managed block. Mesos in the prefix,
 * the deploy files and everything else of Spark's are the user's and stay.
 */
export async function uninstallNode(run: WizardRunOptions, paths: SystemPaths, io: CliIo): Promise<number> {
  const say = (line: string) => io.stdout.write(`${line}\n`);
  const current = await currentAnswers(paths);
  if (!run.noSystemd && existsSync(join(paths.unitDir, 'mesosd.service'))) {
    if (run.dryRun) say('would stop and disable mesosd.service and remove its unit file');
    else {
      const systemd = await import('../../systemd/index.js');
      const manager = await systemd.connectSystemd({ env: io.env });
      try {
        await systemd.uninstallUnit({ systemd: manager, name: 'mesosd.service', unitDir: paths.unitDir });
      } finally {
        await manager.close();
      }
      say('stopped and disabled mesosd.service, removed its unit file');
    }
  }
  for (const program of ['mesosd', 'spark-mesos-setup']) {
    const link = join(paths.binDir, program);
    const target = await lstat(link).then((s) => (s.isSymbolicLink() ? readlink(link) : undefined), () => undefined);
    if (target?.startsWith(`${paths.installRoot}/`) === true) {
      if (!run.dryRun) await rm(link);
      say(`${run.dryRun ? 'would remove' : 'removed'} ${link}`);
    }
  }
  const loaderEntry = join(paths.ldConfDir, 'mesos.conf');
  const ours = (await readFile(loaderEntry, 'utf8').catch(() => '')).startsWith(LOADER_CONF_HEADER);
  const remove = [paths.installRoot, paths.etcDir, join(paths.stateDir, 'cluster.json'), paths.journal, ...(ours ? [loaderEntry] : [])];
  for (const path of remove.filter((p) => existsSync(p))) {
    if (!run.dryRun) await rm(path, { recursive: true, force: true });
    say(`${run.dryRun ? 'would remove' : 'removed'} ${path}`);
  }
  const sparkEnv = current?.sparkHome === undefined ? undefined : join(current.sparkHome, 'conf', 'spark-env.sh');
  if (sparkEnv !== undefined && existsSync(sparkEnv)) {
    const before = await readFile(sparkEnv, 'utf8');
    const after = removeSparkEnvBlock(before, { file: sparkEnv });
    if (after !== before) {
      if (!run.dryRun) await writeFileAtomic(sparkEnv, after);
      say(`${run.dryRun ? 'would remove' : 'removed'} the spark-mesos-setup block of ${sparkEnv}`);
    }
  }
  say(run.dryRun ? 'Dry run: nothing was changed.' : `Kept: Mesos in ${current?.prefix ?? 'its prefix'} (with its deploy files), Spark, and ${paths.stateDir}/work.`);
  return 0;
}
