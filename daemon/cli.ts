import { dispatchCommand, notYetAvailable } from '../src/cli/commands.js';
import { runCli, type CliIo } from '../src/cli/run-cli.js';
import { MESOSD_HELP } from './help.js';

const PROGRAM = 'mesosd';

export function mesosdMain(argv: readonly string[], io: CliIo): Promise<number> {
  const commands = Object.fromEntries(
    ['run', 'status', 'config', 'restart', 'leave'].map((c) => [c, notYetAvailable(PROGRAM, c)]),
  );
  return dispatchCommand({ program: PROGRAM, help: MESOSD_HELP, commands }, argv, io);
}
