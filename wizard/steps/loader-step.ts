import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../../src/fs/atomic-file.js';
import { loaderSetup } from '../../src/mesos/loader-path.js';
import type { Step } from '../run/step.js';

/** The first line of the loader entry this tool writes: how uninstall knows the file is its own. */
export const LOADER_CONF_HEADER = '# Mesos, installed by spark-mesos-setup';

/**
 * After make install the binaries carry no rpath to `<prefix>/lib`: the loader must be told (an ld.so.conf.d entry
 * for a prefix off its default path) and its cache rebuilt, or mesos-master fails to find libmesos.
 */
export function loaderStep(prefix: string, ldConfDir: string, runLdconfig: boolean): Step {
  const setup = loaderSetup(prefix);
  const confFile = setup.confEntry === undefined ? undefined : join(ldConfDir, basename(setup.confEntry.file));
  return {
    id: 'loader',
    title: 'Let the loader find libmesos',
    actions: [
      ...(confFile === undefined ? [] : [`write ${confFile}: ${setup.confEntry?.line}`]),
      ...(runLdconfig ? ['ldconfig'] : []),
    ],
    inputs: { prefix },
    always: true,
    run: async (context) => {
      let changed = false;
      if (confFile !== undefined && setup.confEntry !== undefined) {
        await mkdir(ldConfDir, { recursive: true });
        changed = (await writeFileAtomic(confFile, `${LOADER_CONF_HEADER}\n${setup.confEntry.line}\n`)).changed;
      }
      if (runLdconfig) await context.run('ldconfig', [], { hint: 'run ldconfig by hand as root and look at what it says' });
      return changed ? `wrote ${confFile}` : 'unchanged';
    },
  };
}
