import { existsSync } from 'node:fs';
import { ToolError } from '../../src/errors.js';
import type { MesosPaths } from '../../src/mesos/profile-types.js';
import type { Step } from '../run/step.js';

/** `--mesos-source installed`: Mesos is already built into the prefix (say, with an older toolchain): check it is. */
export function installedMesosStep(paths: MesosPaths): Step {
  const needed = [paths.masterBinary, paths.slaveBinary, paths.libmesosVersioned];
  return {
    id: 'installed-mesos',
    title: 'Check the installed Mesos',
    actions: needed.map((path) => `check ${path} exists`),
    inputs: { needed },
    always: true,
    run: async () => {
      const missing = needed.filter((path) => !existsSync(path));
      if (missing.length > 0) {
        throw new ToolError('MESOS_NOT_INSTALLED', `--mesos-source installed, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`, {
          hint: `build and install Mesos into ${paths.prefix} first, or give a source tarball with --mesos-source FILE`,
        });
      }
      return paths.prefix;
    },
  };
}
