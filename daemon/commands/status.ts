import { readFile } from 'node:fs/promises';
import { controlCall, fetchNodeStatus } from '../../src/control/control-client.js';
import { formatNodeStatus } from '../../src/control/node-status-text.js';
import { CONTROL_PATHS, DEFAULT_CONTROL_SOCKET } from '../../src/control/protocol.js';
import type { CliIo } from '../../src/cli/run-cli.js';
import { ToolError } from '../../src/errors.js';
import { DEFAULT_CONFIG_FILE } from '../run/daemon-config.js';

/** The control socket named in mesosd.json, or the default one when the file or the key is missing. */
export async function socketFrom(configFile: string | undefined): Promise<string> {
  const text = await readFile(configFile ?? DEFAULT_CONFIG_FILE, 'utf8').catch(() => undefined);
  if (text === undefined) return DEFAULT_CONTROL_SOCKET;
  try {
    const socket = (JSON.parse(text) as { controlSocket?: unknown }).controlSocket;
    return typeof socket === 'string' ? socket : DEFAULT_CONTROL_SOCKET;
  } catch {
    return DEFAULT_CONTROL_SOCKET;
  }
}

export async function statusCommand(options: { config?: string; json?: boolean }, io: CliIo): Promise<number> {
  const status = await fetchNodeStatus({ socketPath: await socketFrom(options.config) });
  io.stdout.write(options.json === true ? `${JSON.stringify(status, null, 2)}\n` : formatNodeStatus(status, Date.now()));
  return 0;
}

const CHILDREN = ['master', 'slave'];

export async function restartCommand(positionals: readonly string[], options: { config?: string }, io: CliIo): Promise<number> {
  const child = positionals[0];
  if (positionals.length !== 1 || child === undefined || !CHILDREN.includes(child)) {
    throw new ToolError('USAGE', `mesosd restart: expected one of ${CHILDREN.join(', ')}; got ${positionals.length === 0 ? 'nothing' : JSON.stringify(positionals.join(' '))}`, {
      hint: 'for example `mesosd restart slave`',
    });
  }
  await controlCall({ socketPath: await socketFrom(options.config), timeoutMs: 60_000 }, 'POST', CONTROL_PATHS.restart(child));
  io.stdout.write(`restarted the ${child}\n`);
  return 0;
}
