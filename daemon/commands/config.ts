import { controlCall } from '../../src/control/control-client.js';
import { CONTROL_PATHS } from '../../src/control/protocol.js';
import type { CliIo } from '../../src/cli/run-cli.js';
import { ToolError } from '../../src/errors.js';
import type { ConfigCommand } from '../replication/config-commands.js';
import { socketFrom } from './status.js';

const USAGE = 'mesosd config get [KEY] | set KEY VALUE | add-slave HOST | remove-slave HOST | history';

function usage(message: string): ToolError {
  return new ToolError('USAGE', `mesosd config: ${message}`, { hint: `usage: ${USAGE}` });
}

function commandOf(args: readonly string[]): { command: ConfigCommand; key?: string } {
  const [action, first, second, ...rest] = args;
  if (rest.length > 0) throw usage(`unexpected argument ${JSON.stringify(rest[0])}`);
  switch (action) {
    case 'get':
      if (second !== undefined) throw usage(`unexpected argument ${JSON.stringify(second)}`);
      return { command: { action: 'get' }, ...(first === undefined ? {} : { key: first }) };
    case 'history':
    case 'leave':
      if (first !== undefined) throw usage(`unexpected argument ${JSON.stringify(first)}`);
      return { command: { action } };
    case 'set':
      if (first === undefined || second === undefined) throw usage('set takes a KEY and a VALUE, e.g. `mesosd config set mesosConf.resources cpus:4;mem:2048`');
      return { command: { action: 'set', key: first, value: second } };
    case 'add-slave':
    case 'remove-slave':
      if (first === undefined || second !== undefined) throw usage(`${action} takes one HOST`);
      return { command: { action, host: first } };
    default:
      throw usage(action === undefined ? 'expected an action' : `unknown action ${JSON.stringify(action)}`);
  }
}

/** One setting by dotted key (`ports.master`, `mesosConf.resources`, `slaves`), from the settings object. */
function pick(settings: Record<string, unknown>, key: string): unknown {
  let value: unknown = settings;
  for (const part of key.split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (value === undefined) throw new ToolError('UNKNOWN_SETTING', `no setting ${JSON.stringify(key)}`, { hint: 'run `mesosd config get` to see them all' });
  return value;
}

export async function configCommand(args: readonly string[], options: { config?: string }, io: CliIo): Promise<number> {
  const { command, key } = commandOf(args);
  const answer = await controlCall({ socketPath: await socketFrom(options.config), timeoutMs: 30_000 }, 'POST', CONTROL_PATHS.config, command) as Record<string, unknown>;
  if (command.action === 'get') {
    const settings = answer['settings'] as Record<string, unknown>;
    const value = key === undefined ? settings : pick(settings, key);
    io.stdout.write(typeof value === 'string' || typeof value === 'number' ? `${value}\n` : `${JSON.stringify(value, null, 2)}\n`);
  } else if (command.action === 'history') {
    const events = answer['events'] as string[];
    io.stdout.write(events.length === 0 ? 'no changes recorded yet\n' : `${events.join('\n')}\n`);
  } else {
    io.stdout.write(answer['changed'] === true ? `done: configuration ${String(answer['version'])}, spreading to every node\n` : 'nothing to change\n');
  }
  return 0;
}
