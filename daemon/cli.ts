import { dispatchCommand } from '../src/cli/commands.js';
import { parseOptions } from '../src/cli/parse-options.js';
import type { CliIo } from '../src/cli/run-cli.js';
import { MESOSD_HELP } from './help.js';
import { restartCommand, statusCommand } from './commands/status.js';
import { runCommand } from './commands/run.js';
import { configCommand } from './commands/config.js';

const PROGRAM = 'mesosd';

export function mesosdMain(argv: readonly string[], io: CliIo): Promise<number> {
  return dispatchCommand({
    program: PROGRAM,
    help: MESOSD_HELP,
    commands: {
      run: (args, cliIo) => runCommand(parseOptions('mesosd run', args, {
        config: { type: 'string' }, 'no-systemd': { type: 'boolean' },
      }).values, cliIo),
      status: (args, cliIo) => statusCommand(parseOptions('mesosd status', args, {
        config: { type: 'string' }, json: { type: 'boolean' },
      }).values, cliIo),
      restart: (args, cliIo) => {
        const { values, positionals } = parseOptions('mesosd restart', args, { config: { type: 'string' } }, true);
        return restartCommand(positionals, values, cliIo);
      },
      config: (args, cliIo) => {
        const { values, positionals } = parseOptions('mesosd config', args, { config: { type: 'string' } }, true);
        return configCommand(positionals, values, cliIo);
      },
      leave: (args, cliIo) => configCommand(['leave', ...parseOptions('mesosd leave', args, { config: { type: 'string' } }).positionals],
        parseOptions('mesosd leave', args, { config: { type: 'string' } }).values, cliIo),
    },
  }, argv, io);
}
