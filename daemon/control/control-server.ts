import { createConnection } from 'node:net';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isToolError, ToolError } from '../../src/errors.js';
import { CONTROL_PATHS, type NodeStatus } from '../../src/control/protocol.js';
import type { ConfigCommand } from '../replication/config-commands.js';

export interface ControlHandlers {
  status(): Promise<NodeStatus>;
  /** Restarts a child; false when this node does not run it. */
  restart(child: string): Promise<boolean>;
  /** `mesosd config ...`: the request's JSON body in, the answer out. */
  config?(command: ConfigCommand): Promise<unknown>;
}

const MAX_CONTROL_BODY = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_CONTROL_BODY) throw new ToolError('CONTROL_TOO_LARGE', `control request larger than ${MAX_CONTROL_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ToolError('CONTROL_BAD_REQUEST', 'control request is not JSON');
  }
}

export interface ControlServer {
  readonly socketPath: string;
  close(): Promise<void>;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** True when something answers on the socket: another mesosd is running. */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function route(handlers: ControlHandlers, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = req.url ?? '/';
  if (req.method === 'GET' && path === CONTROL_PATHS.status) {
    answer(res, 200, await handlers.status());
    return;
  }
  const restart = /^\/v1\/restart\/([a-z]+)$/.exec(path);
  if (req.method === 'POST' && restart?.[1] !== undefined) {
    const child = restart[1];
    if (await handlers.restart(child)) {
      answer(res, 200, { restarted: child });
    } else {
      answer(res, 409, { code: 'NOT_RUNNING_HERE', message: `this node does not run a ${child}`,
        hint: 'see `mesosd status` for what this node runs' });
    }
    return;
  }
  if (path === CONTROL_PATHS.config && req.method === 'POST' && handlers.config !== undefined) {
    answer(res, 200, await handlers.config((await readBody(req)) as ConfigCommand));
    return;
  }
  answer(res, 404, { code: 'UNKNOWN_REQUEST', message: `no such control request: ${req.method} ${path}` });
}

/** The local control socket: HTTP over a unix socket, mode 0600 in a 0700 directory (root-only). */
export async function startControlServer(socketPath: string, handlers: ControlHandlers): Promise<ControlServer> {
  await mkdir(dirname(socketPath), { recursive: true, mode: 0o700 });
  if (await socketAnswers(socketPath)) {
    throw new ToolError('ALREADY_RUNNING', `another mesosd is already running (it answers on ${socketPath})`, {
      hint: 'see `systemctl status mesosd`; stop it before starting another',
    });
  }
  await unlink(socketPath).catch(() => undefined); // a stale socket left by a killed mesosd
  const server = createServer((req, res) => {
    route(handlers, req, res).catch((error: unknown) => {
      const body = isToolError(error) ? { code: error.code, message: error.message, hint: error.hint }
        : { code: 'INTERNAL', message: String(error) };
      answer(res, isToolError(error) ? 400 : 500, body);
    });
  });
  const oldMask = process.umask(0o177); // the socket is created 0600: no window where others could connect
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
  } finally {
    process.umask(oldMask);
  }
  await chmod(socketPath, 0o600);
  return {
    socketPath,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
