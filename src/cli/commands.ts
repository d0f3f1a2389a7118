import { ToolError } from '../errors.js';
import { packageVersion } from '../version.js';
import type { CliIo } from './run-cli.js';

export type CommandHandler = (args: readonly string[], io: CliIo) => Promise<number>;

export interface CommandTable {
  readonly program: string;
  readonly help: string;
  /** Command name to handler; the empty name is the program run without a command. */
  readonly commands: Readonly<Record<string, CommandHandler>>;
}

/** Handles --help and --version, then finds the command; unknown commands and options are usage errors. */
export async function dispatchCommand(table: CommandTable, argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(table.help);
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-V')) {
    io.stdout.write(`${table.program} ${packageVersion()}\n`);
    return 0;
  }
  const first = argv[0];
  const name = first === undefined || first.startsWith('-') ? '' : first;
  const handler = Object.hasOwn(table.commands, name) ? table.commands[name] : undefined;
  if (handler === undefined) {
    const known = Object.keys(table.commands).filter((c) => c !== '').join(', ');
    throw new ToolError('UNKNOWN_COMMAND', `unknown command ${JSON.stringify(name)}; expected one of: ${known}`, {
      hint: `run \`${table.program} --help\` for the commands and their options`,
    });
  }
  return handler(name === '' ? argv : argv.slice(1), io);
}

/** A command this version does not do yet: says so plainly (exit 1) rather than pretending. */
export function notYetAvailable(program: string, command: string): CommandHandler {
  return async () => {
    throw new ToolError('NOT_AVAILABLE', `\`${program} ${command}\` is not available in version ${packageVersion()}`, {
      hint: `run \`${program} --help\` to see what this version does`,
    });
  };
}
