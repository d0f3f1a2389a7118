import { request } from 'node:http';
import { ToolError } from '../errors.js';
import { CONTROL_PATHS, type NodeStatus } from './protocol.js';

export interface ControlClientOptions {
  readonly socketPath: string;
  /** Deadline for one call. Default 5000 ms. */
  readonly timeoutMs?: number;
}

const MAX_ANSWER = 1024 * 1024;

function notReachable(socketPath: string, code: string | undefined, cause: unknown): ToolError {
  if (code === 'EACCES' || code === 'EPERM') {
    return new ToolError('CONTROL_DENIED', `not allowed to talk to mesosd on ${socketPath}`, {
      cause, hint: 'the control socket is root-only: run this as root (sudo)',
    });
  }
  return new ToolError('MESOSD_NOT_RUNNING', `mesosd is not running on this node (nothing answers on ${socketPath})`, {
    cause, hint: 'start it with `systemctl start mesosd`, or in the foreground with `mesosd run --no-systemd`',
  });
}

/** One call to the local mesosd over its control socket; the answer's JSON, or a ToolError saying why not. */
export function controlCall(options: ControlClientOptions, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const { socketPath } = options;
  return new Promise((resolve, reject) => {
    const req = request({
      socketPath, path, method, agent: false, signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER) chunks.push(chunk);
      });
      res.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch (cause) {
          reject(new ToolError('CONTROL_BAD_ANSWER', `mesosd on ${socketPath} gave an answer that is not JSON`, { cause }));
          return;
        }
        if (res.statusCode === 200) {
          resolve(body);
          return;
        }
        const error = body as { code?: string; message?: string; hint?: string };
        reject(new ToolError(error.code ?? 'CONTROL_FAILED', error.message ?? `mesosd answered ${res.statusCode}`,
          error.hint === undefined ? {} : { hint: error.hint }));
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError' || error.name === 'TimeoutError') {
        reject(new ToolError('CONTROL_TIMEOUT', `mesosd on ${socketPath} did not answer in time`, {
          cause: error, hint: 'see `journalctl -u mesosd` for what it is doing',
        }));
      } else {
        reject(notReachable(socketPath, error.code, error));
      }
    });
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export async function fetchNodeStatus(options: ControlClientOptions): Promise<NodeStatus> {
  return (await controlCall(options, 'GET', CONTROL_PATHS.status)) as NodeStatus;
}
