import { request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { createPeerServer, type PeerRoutes, type PeerServer, type PeerServerOptions } from '../../../daemon/sync/peer-server.js';
import { PeerKey } from '../../../src/sync/cluster-token.js';
import { signRequest } from '../../../src/sync/peer-auth.js';

export const TOKEN = 'a1'.repeat(32);
export const OTHER_TOKEN = 'b2'.repeat(32);
export const KEY = PeerKey.fromToken(TOKEN);

/** A logger that keeps its lines. */
export function recordingLogger() {
  const lines: string[] = [];
  return { lines, warn: (m: string) => void lines.push(`warn ${m}`), error: (m: string) => void lines.push(`error ${m}`) };
}

/** Peer servers started by a test, closed in afterEach. */
export function peerServers() {
  const started: PeerServer[] = [];
  return {
    async start(options: Partial<PeerServerOptions> & { routes: PeerRoutes }, host = '127.0.0.2') {
      const logger = recordingLogger();
      const server = createPeerServer({ token: TOKEN, nodeId: 'node-b', logger, ...options });
      started.push(server);
      const address = await server.listen(host, 0);
      return { ...address, logger, server };
    },
    closeAll: () => Promise.all(started.splice(0).map((s) => s.close())),
  };
}

/** The signature headers for a request, as a client of the cluster would send them. */
export function signedHeaders(method: string, path: string, body = '', options: { key?: PeerKey; nodeId?: string; now?: number } = {}) {
  return signRequest(options.key ?? KEY, { method, path, nodeId: options.nodeId ?? 'node-a', body },
    options.now === undefined ? {} : { now: () => options.now ?? 0 }).headers;
}

export interface PlainAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Where test clients connect from, so that log lines can be checked for the remote address. */
export const CLIENT_ADDRESS = '127.0.0.9';

/**
 * One HTTP request from CLIENT_ADDRESS with exactly the given headers and body (no signing, no checks), on its own
 * connection. Without a body only the headers are sent (the request stays open).
 */
export function sendPlain(host: string, port: number, method: string, path: string, headers: Record<string, string>,
  body?: string | Buffer): Promise<PlainAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path, headers, agent: false, localAddress: CLIENT_ADDRESS, signal: AbortSignal.timeout(5000) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body === undefined) req.flushHeaders();
    else req.end(body);
  });
}

/** A JSON body with its content headers. */
export function json(value: unknown): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(value);
  return { body, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } };
}

/** Waits until `check` holds, polling every 10 ms, for at most `ms`. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A raw TCP exchange from CLIENT_ADDRESS: writes `head`, then `body` in pieces (waiting for the socket to drain, stopping
 * when the server closes), optionally closes its side early; resolves with everything the server sent and how many body
 * bytes were written, once the server closes.
 */
export function rawExchange(host: string, port: number, head: string, body: { pieces?: readonly Buffer[]; closeAfter?: boolean } = {}):
  Promise<{ received: string; bodyBytesWritten: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, localAddress: CLIENT_ADDRESS });
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('raw exchange: no close within 5 s')); }, 5000);
    let received = '';
    let written = 0;
    let open = true;
    socket.on('data', (d: Buffer) => { received += d.toString('latin1'); });
    socket.on('error', () => undefined); // a reset after the answer is part of some tests
    socket.on('close', () => {
      open = false;
      clearTimeout(timer);
      resolve({ received, bodyBytesWritten: written });
    });
    socket.once('connect', async () => {
      socket.write(head);
      for (const piece of body.pieces ?? []) {
        if (!open) break;
        written += piece.length;
        if (!socket.write(piece)) {
          await new Promise<void>((r) => { socket.once('drain', r); socket.once('close', r); });
        }
      }
      if (body.closeAfter === true) socket.end();
    });
  });
}
