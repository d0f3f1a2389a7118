import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { PeerKey } from '../../src/sync/cluster-token.js';
import { DEFAULT_NONCE_CACHE_ENTRIES, NonceCache } from '../../src/sync/nonce-cache.js';
import { checkRequestHeaders, verifyRequest } from '../../src/sync/peer-auth.js';
import { DEFAULT_CLOCK_SKEW_MS, DEFAULT_MAX_REQUEST_BYTES } from '../../src/sync/peer-protocol.js';
import { createAnswerer, headerOf, printable, remoteOf, type PeerServerLogger } from './peer-answers.js';
import { compileRoutes, type PeerRoutes } from './peer-routes.js';
import { readCappedBody } from './read-capped-body.js';
import { runHandler } from './run-handler.js';

export type { PeerServerLogger } from './peer-answers.js';
export type { PeerHandler, PeerReply, PeerRequestContext, PeerRoutes } from './peer-routes.js';

/** Bounds on what one client can make the server hold or wait for. */
export interface PeerServerLimits {
  /** Request bodies above this get 413. Default 1 MiB. */
  readonly maxBodyBytes: number;
  /** All headers must arrive within this (slowloris). Default 5 s. */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, within this. Default 10 s. */
  readonly requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. Default 5 s. */
  readonly keepAliveTimeoutMs: number;
  /** A handler that has not answered by then gets a 503. Default 10 s. */
  readonly handlerTimeoutMs: number;
  /** Requests being handled at once; more get 503. Default 64. */
  readonly maxConcurrentRequests: number;
  /** Open connections; more are dropped on accept. Default 256. */
  readonly maxConnections: number;
}

/** The limits used where a test or the daemon's configuration does not set one. */
export const DEFAULT_PEER_SERVER_LIMITS: PeerServerLimits = {
  maxBodyBytes: DEFAULT_MAX_REQUEST_BYTES, headersTimeoutMs: 5_000, requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000, handlerTimeoutMs: 10_000, maxConcurrentRequests: 64, maxConnections: 256,
};

export interface PeerServerOptions {
  /** The cluster token's text, or the key derived from it. */
  readonly token: string | PeerKey;
  /** This node's id, signed into every answer. */
  readonly nodeId: string;
  readonly routes: PeerRoutes;
  readonly logger: PeerServerLogger;
  /** The clock the timestamps are checked against. Default Date.now. */
  readonly now?: () => number;
  /** Replay memory; its window is the allowed clock skew. Default 300 s and 100 000 nonces. */
  readonly nonces?: NonceCache;
  readonly limits?: Partial<PeerServerLimits>;
}

export interface PeerServer {
  /** Starts listening; the bound address and port (useful with port 0). */
  listen(host: string, port: number): Promise<{ host: string; port: number }>;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

/**
 * mesosd's peer endpoint: HTTP on a given address, every request authenticated (peer-auth.ts) before its handler runs.
 * Refusals — unknown route (404/405), over the concurrency cap (503), unsigned or badly signed, stale, future or
 * replayed (401), too large (413), not JSON (400), cut off (no answer) — are each logged as one line naming the remote
 * address and the reason, and never reach a handler. Answers to requests with a well-formed nonce are signed.
 */
export function createPeerServer(options: PeerServerOptions): PeerServer {
  const limits = { ...DEFAULT_PEER_SERVER_LIMITS, ...options.limits };
  const key = typeof options.token === 'string' ? PeerKey.fromToken(options.token) : options.token;
  const match = compileRoutes(options.routes);
  const now = options.now ?? Date.now;
  const nonces = options.nonces ?? new NonceCache({ windowMs: DEFAULT_CLOCK_SKEW_MS, maxEntries: DEFAULT_NONCE_CACHE_ENTRIES });
  const { logger } = options;
  const answerer = createAnswerer(key, options.nodeId, logger);
  const { refuse } = answerer;
  const loggedSockets = new WeakSet<Socket>(); // refusals already logged by clientError: one line per refusal
  const readingBody = new WeakSet<Socket>(); // a body cut off is logged by the reader, with the byte counts
  let inFlight = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? '';
    const path = req.url ?? '';
    const route = match(method, path);
    if (route.kind === 'unknown-path') {
      refuse(req, res, 404, { code: 'PEER_UNKNOWN_REQUEST', message: 'no such peer request' });
      return;
    }
    if (route.kind === 'wrong-method') {
      refuse(req, res, 405, { code: 'PEER_METHOD_NOT_ALLOWED', message: `${printable(method, 20)} is not allowed here` },
        { allow: route.allowed.join(', ') });
      return;
    }
    const unsigned = checkRequestHeaders(req.headers);
    if (unsigned !== undefined) {
      refuse(req, res, 401, { code: 'PEER_AUTH_REFUSED', reason: unsigned.reason, message: unsigned.message });
      return;
    }
    const declared = Number(headerOf(req, 'content-length') ?? 0);
    if (declared > limits.maxBodyBytes) {
      req.pause();
      refuse(req, res, 413, { code: 'PEER_BODY_TOO_LARGE',
        message: `body of ${declared} bytes declared, more than the ${limits.maxBodyBytes} allowed (not read)` });
      return;
    }
    const type = headerOf(req, 'content-type') ?? '';
    if ((declared > 0 || req.headers['transfer-encoding'] !== undefined) && !/^application\/json\s*(;|$)/i.test(type)) {
      refuse(req, res, 400, { code: 'PEER_NOT_JSON', message: `content type ${JSON.stringify(printable(type, 60))} is not application/json` });
      return;
    }
    readingBody.add(req.socket);
    const reading = await readCappedBody(req, limits.maxBodyBytes);
    readingBody.delete(req.socket);
    if (reading.kind === 'too-large') {
      refuse(req, res, 413, { code: 'PEER_BODY_TOO_LARGE',
        message: `body larger than the ${limits.maxBodyBytes} bytes allowed (stopped reading after ${reading.received})` });
      return;
    }
    if (reading.kind === 'truncated') {
      if (!loggedSockets.has(req.socket)) {
        const of = headerOf(req, 'content-length') === undefined ? '' : ` of ${declared}`;
        logger.warn(`peer request refused: ${answerer.describe(req)}: body cut off (${reading.received}${of} bytes arrived before the connection closed)`);
      }
      res.destroy();
      return;
    }
    const verdict = verifyRequest(key, { method, path, headers: req.headers, body: reading.body }, { now, nonces });
    if (!verdict.ok) {
      refuse(req, res, 401, { code: 'PEER_AUTH_REFUSED', reason: verdict.reason, message: verdict.message });
      return;
    }
    let body: unknown;
    try {
      body = reading.body.length === 0 ? undefined : JSON.parse(reading.body.toString('utf8')) as unknown;
    } catch (error) {
      refuse(req, res, 400, { code: 'PEER_NOT_JSON', message: `body is not JSON (${printable((error as Error).message, 100)})` });
      return;
    }
    await runHandler({ answerer, logger, timeoutMs: limits.handlerTimeoutMs }, req, res, route.handler,
      { body, nodeId: verdict.nodeId, remoteAddress: remoteOf(req.socket), path });
  }

  const server = createServer({
    headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs, connectionsCheckingInterval: 500, maxHeaderSize: 16 * 1024,
  }, (req, res) => {
    if (inFlight >= limits.maxConcurrentRequests) {
      refuse(req, res, 503, { code: 'PEER_BUSY', message: `${inFlight} requests already being handled; try again` });
      return;
    }
    inFlight++;
    res.once('close', () => inFlight--);
    handle(req, res).catch((error: unknown) => {
      logger.error(`peer request failed: ${answerer.describe(req)}: ${String(error)}`);
      answerer.send(req, res, 500, { code: 'PEER_INTERNAL', message: 'internal error (see the peer\'s log)' }, true);
    });
  });
  server.on('connection', (socket: Socket) => void remoteOf(socket));
  server.maxConnections = limits.maxConnections;
  server.timeout = limits.requestTimeoutMs + limits.handlerTimeoutMs; // no connection sits idle longer than this
  server.on('drop', (data?: { remoteAddress?: string }) => {
    logger.warn(`peer connection refused: ${data?.remoteAddress ?? 'unknown address'}: more than ${limits.maxConnections} connections open`);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const cutOff = error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE';
    if (!(cutOff && readingBody.has(socket)) && error.code !== 'ECONNRESET') {
      loggedSockets.add(socket);
      const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
      const why = timedOut ? 'request not complete in time (slow or stalled client)'
        : cutOff ? 'connection closed in the middle of a request' : `malformed HTTP (${printable(error.code ?? error.message, 60)})`;
      logger.warn(`peer connection refused: ${remoteOf(socket)}: ${why}`);
      const pending = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
      if (!cutOff && socket.writable && pending?.headersSent !== true) {
        socket.write(`HTTP/1.1 ${timedOut ? '408 Request Timeout' : '400 Bad Request'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      }
    }
    socket.destroy();
  });

  return {
    listen: (host, port) => new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? { host: address.address, port: address.port } : { host, port });
      });
    }),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
