import { dispatchCommand, notYetAvailable } from '../src/cli/commands.js';
import { runCli, type CliIo } from '../src/cli/run-cli.js';
import { WIZARD_HELP } from './help.js';

const PROGRAM = 'spark-mesos-setup';

export function wizardMain(argv: readonly string[], io: CliIo): Promise<number> {
  const commands = Object.fromEntries(
    ['', 'create', 'join', 'reconfigure', 'uninstall'].map((c) => [c, notYetAvailable(PROGRAM, c || '(menu)')]),
  );
  return dispatchCommand({ program: PROGRAM, help: WIZARD_HELP, commands }, argv, io);
}
