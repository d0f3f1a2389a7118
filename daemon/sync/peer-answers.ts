import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { PeerKey } from '../../src/sync/cluster-token.js';
import { signResponse } from '../../src/sync/peer-auth.js';
import { isValidNodeId, isValidNonce, PEER_HEADERS, type PeerErrorBody } from '../../src/sync/peer-protocol.js';

/** Where refusals go: one line each. mesosd's Logger fits. */
export interface PeerServerLogger {
  warn(message: string): void;
  error(message: string): void;
}

/** Text from the network made safe for one log line: control and non-ASCII characters escaped, cut at `max`. */
export function printable(text: string, max = 200): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const escaped = cut.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return cut === text ? escaped : `${escaped}…`;
}

const remotes = new WeakMap<Socket, string>();

/** The peer's IP address (IPv4-mapped shown as IPv4); remembered, since a destroyed socket no longer knows it. */
export function remoteOf(socket: Socket): string {
  const known = remotes.get(socket);
  if (known !== undefined) return known;
  if (socket.remoteAddress === undefined) return 'unknown address';
  const shown = socket.remoteAddress.replace(/^::ffff:/, '');
  remotes.set(socket, shown);
  return shown;
}

/** A single-valued header; a repeated one counts as absent. */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Sending answers and refusals for one server. */
export interface Answerer {
  /** Answers with a JSON body, signed when the request carried a well-formed nonce. */
  send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, close: boolean,
    extra?: Record<string, string>): void;
  /** Logs one line (remote address, method, path, reason) and answers; the connection is closed, unread body unread. */
  refuse(req: IncomingMessage, res: ServerResponse, status: number, body: PeerErrorBody, extra?: Record<string, string>): void;
  /** `127.0.0.2 (says it is node-b) POST /v1/join`, for log lines. */
  describe(req: IncomingMessage): string;
}

/** The answerer of one server: signs with `key` as node `nodeId`, logs refusals to `logger`. */
export function createAnswerer(key: PeerKey, nodeId: string, logger: PeerServerLogger): Answerer {
  const describe = (req: IncomingMessage) => {
    const node = headerOf(req, PEER_HEADERS.node);
    const who = node !== undefined && isValidNodeId(node) ? ` (says it is ${node})` : '';
    return `${remoteOf(req.socket)}${who} ${printable(req.method ?? '?', 20)} ${printable(req.url ?? '?')}`;
  };
  const send: Answerer['send'] = (req, res, status, body, close, extra = {}) => {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body) ?? 'null';
    const nonce = headerOf(req, PEER_HEADERS.nonce);
    const signature = nonce !== undefined && isValidNonce(nonce)
      ? signResponse(key, { status, requestNonce: nonce, nodeId, body: text }) : {};
    res.writeHead(status, {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...signature, ...extra,
      ...(close ? { connection: 'close' } : {}),
    });
    res.end(text);
  };
  return {
    send,
    describe,
    refuse: (req, res, status, body, extra = {}) => {
      logger.warn(`peer request refused: ${describe(req)}: ${body.message}`);
      send(req, res, status, body, true, extra);
    },
  };
}
