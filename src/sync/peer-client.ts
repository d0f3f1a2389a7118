import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { ToolError } from '../errors.js';
import { PeerKey, type RandomBytes } from './cluster-token.js';
import { signRequest, verifyResponse } from './peer-auth.js';
import { badAnswer, peerTarget, refusedBy, unreachable } from './peer-errors.js';
import {
  DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_PEER_TIMEOUT_MS, isValidNodeId, isValidPath,
} from './peer-protocol.js';

/**
 * Connections kept open between calls (anti-entropy talks to the same peers every few seconds). Idle sockets close
 * after 4 s, before the server's 5 s keep-alive, and do not keep the process alive.
 */
const peerAgent = new Agent({ keepAlive: true, maxSockets: 8, maxFreeSockets: 4, timeout: 4_000 });

export interface PeerRequestOptions {
  readonly host: string;
  readonly port: number;
  /** The cluster token's text (64 hex characters), or a key already derived from it. */
  readonly token: string | PeerKey;
  /** This node's id, sent and signed in `x-sms-node`. */
  readonly nodeId: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with query, e.g. `/v1/digest`. Printable ASCII. */
  readonly path: string;
  /** Sent as JSON; none for undefined. */
  readonly body?: unknown;
  /** Deadline for the whole call, connecting to the last byte of the answer. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Larger answers are refused (PEER_BAD_ANSWER). Default 4 MiB. */
  readonly maxResponseBytes?: number;
  /** Larger bodies are not sent (PEER_REQUEST_TOO_LARGE): the server would refuse them. Default 1 MiB. */
  readonly maxRequestBytes?: number;
  /** Cancels the call (PEER_CANCELLED). */
  readonly signal?: AbortSignal;
  /** The local address to connect from (a node with several addresses uses the one it advertises). */
  readonly localAddress?: string;
  /** Connection reuse; a shared keep-alive agent by default, `false` for a connection of its own. */
  readonly agent?: Agent | false;
  readonly now?: () => number;
  readonly randomBytes?: RandomBytes;
}

interface RawAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly nonce: string;
}

/** A failure the caller sees as is (not a network error). */
class AnswerError extends Error {
  readonly error: ToolError;
  constructor(error: ToolError) {
    super(error.message);
    this.error = error;
  }
}

/** A network error, and whether it happened on a kept-alive connection the server may have just closed. */
class SendError extends Error {
  readonly reusedSocket: boolean;
  constructor(cause: unknown, reusedSocket: boolean) {
    super(String(cause), { cause });
    this.reusedSocket = reusedSocket;
  }
}

function checkOptions(options: PeerRequestOptions): void {
  if (!isValidPath(options.path)) {
    throw new ToolError('PEER_REQUEST_INVALID', `peer request path ${JSON.stringify(options.path)} is not a printable ASCII path starting with /`);
  }
  if (!isValidNodeId(options.nodeId)) {
    throw new ToolError('PEER_REQUEST_INVALID', `node id ${JSON.stringify(options.nodeId)} is not valid`, {
      hint: 'a node id is a host name or address (optionally with :port) of up to 255 characters',
    });
  }
}

function sendOnce(options: PeerRequestOptions, key: PeerKey, payload: Buffer | undefined, signal: AbortSignal): Promise<RawAnswer> {
  const target = peerTarget(options.host, options.port);
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const { headers, nonce } = signRequest(key, {
    method: options.method, path: options.path, nodeId: options.nodeId, ...(payload === undefined ? {} : { body: payload }),
  }, { ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.randomBytes === undefined ? {} : { randomBytes: options.randomBytes }) });
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = request({
      host: options.host, port: options.port, method: options.method, path: options.path, headers, signal,
      agent: options.agent ?? peerAgent, ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
    }, (res) => {
      const fail = (what: string, cause?: unknown) => {
        reject(new AnswerError(badAnswer(target, what, cause)));
        req.destroy();
      };
      const declared = Number(res.headers['content-length']);
      if (declared > maxBytes) {
        fail(`the answer is ${declared} bytes, more than the ${maxBytes} allowed`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(`the answer is larger than the ${maxBytes} bytes allowed`);
        else chunks.push(chunk);
      });
      res.on('error', (error) => (signal.aborted ? reject(new SendError(error, false)) : fail('the answer was cut off', error)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), nonce }));
    });
    req.on('error', (error) => reject(new SendError(error, req.reusedSocket)));
    req.end(payload);
  });
}

function interpret(options: PeerRequestOptions, key: PeerKey, answer: RawAnswer): unknown {
  const target = peerTarget(options.host, options.port);
  const signature = verifyResponse(key, { status: answer.status, requestNonce: answer.nonce, headers: answer.headers,
    body: answer.body });
  if (answer.status < 200 || answer.status > 299) throw refusedBy(target, answer.status, answer.body, signature.ok);
  if (!signature.ok) throw badAnswer(target, signature.message);
  try {
    return JSON.parse(answer.body.toString('utf8')) as unknown;
  } catch (cause) {
    throw badAnswer(target, 'the answer is not JSON', cause);
  }
}

function encodeBody(options: PeerRequestOptions): Buffer | undefined {
  if (options.body === undefined) return undefined;
  const payload = Buffer.from(JSON.stringify(options.body), 'utf8');
  const maxBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  if (payload.length > maxBytes) {
    throw new ToolError('PEER_REQUEST_TOO_LARGE', `the request to ${peerTarget(options.host, options.port)} is ${payload.length} bytes, more than the ${maxBytes} a peer accepts`);
  }
  return payload;
}

/**
 * One signed call to a peer's mesosd: the answer's JSON when it is a 2xx signed by a member of the cluster, otherwise
 * a ToolError — PEER_UNREACHABLE (refused, unreachable, timed out), PEER_AUTH_REFUSED (token or clocks), PEER_BAD_ANSWER
 * (unsigned, wrongly signed, not JSON, too large, cut off), or the server's own code for its signed refusals.
 * A keep-alive connection the server had just closed is retried once, with a new nonce, inside the same deadline.
 */
export async function peerRequest(options: PeerRequestOptions): Promise<unknown> {
  checkOptions(options);
  const key = typeof options.token === 'string' ? PeerKey.fromToken(options.token) : options.token;
  const payload = encodeBody(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PEER_TIMEOUT_MS;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal === undefined ? deadline : AbortSignal.any([deadline, options.signal]);
  const target = peerTarget(options.host, options.port);
  for (let attempt = 1; ; attempt++) {
    let answer: RawAnswer;
    try {
      answer = await sendOnce(options, key, payload, signal);
    } catch (error) {
      if (error instanceof AnswerError) throw error.error;
      const cause = error instanceof SendError ? error.cause : error;
      if (deadline.aborted) throw unreachable(target, options.port, cause, timeoutMs);
      if (signal.aborted) throw new ToolError('PEER_CANCELLED', `the call to the peer at ${target} was cancelled`, { cause });
      const code = (cause as NodeJS.ErrnoException).code;
      const retry = error instanceof SendError && error.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE');
      if (attempt === 1 && retry) continue;
      throw unreachable(target, options.port, cause);
    }
    return interpret(options, key, answer);
  }
}
