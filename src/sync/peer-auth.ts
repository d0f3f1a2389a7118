/**
 * Signing and checking peer requests and answers (DESIGN.md decision 4). Pure: the clock, the randomness and the nonce
 * cache are passed in. The token never leaves the node; only HMACs made with a key derived from it do.
 *
 * Request canonical string (fields one a line, joined by "\n", no trailing newline):
 *   spark-mesos-setup peer request v1 / METHOD / PATH (with query) / NODE ID / TIMESTAMP (ms) / NONCE / SHA-256(body) hex
 * Response canonical string:
 *   spark-mesos-setup peer response v1 / STATUS / REQUEST NONCE / ANSWERING NODE ID / SHA-256(body) hex
 * Every field is checked against a pattern without "\n" before it is signed or verified, so the string is unambiguous;
 * the first line keeps a request signature from ever passing as a response signature and the other way round.
 */
import { createHash, createHmac, randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';
import type { PeerKey, RandomBytes } from './cluster-token.js';
import type { NonceCache } from './nonce-cache.js';
import {
  type AuthRefusalReason, isValidMethod, isValidNodeId, isValidNonce, isValidPath,
  isValidSignature, isValidTimestamp, PEER_HEADERS,
} from './peer-protocol.js';

const REQUEST_DOMAIN = 'spark-mesos-setup peer request v1';
const RESPONSE_DOMAIN = 'spark-mesos-setup peer response v1';

/** The signed fields of a request. */
export interface RequestFields {
  readonly method: string;
  readonly path: string;
  readonly nodeId: string;
  readonly timestamp: number;
  readonly nonce: string;
  /** SHA-256 of the body bytes, lowercase hex (of zero bytes when there is no body). */
  readonly bodySha256: string;
}

/** The signed fields of an answer. */
export interface ResponseFields {
  readonly status: number;
  readonly requestNonce: string;
  readonly nodeId: string;
  readonly bodySha256: string;
}

/** Headers as node:http gives them (lower-case names). */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** SHA-256 of a body, lowercase hex. */
export function bodySha256(body: Uint8Array | string = ''): string {
  return createHash('sha256').update(body).digest('hex');
}

function checkField(ok: boolean, name: string, value: unknown): void {
  if (!ok) throw new RangeError(`peer signature: malformed ${name}: ${JSON.stringify(value)}`);
}

/** The request's canonical string; throws RangeError for a field that could make it ambiguous. */
export function canonicalRequest(fields: RequestFields): string {
  checkField(isValidMethod(fields.method), 'method', fields.method);
  checkField(isValidPath(fields.path), 'path', fields.path);
  checkField(isValidNodeId(fields.nodeId), 'node id', fields.nodeId);
  checkField(isValidTimestamp(String(fields.timestamp)), 'timestamp', fields.timestamp);
  checkField(isValidNonce(fields.nonce), 'nonce', fields.nonce);
  checkField(/^[0-9a-f]{64}$/.test(fields.bodySha256), 'body hash', fields.bodySha256);
  return [REQUEST_DOMAIN, fields.method, fields.path, fields.nodeId, String(fields.timestamp), fields.nonce,
    fields.bodySha256].join('\n');
}

/** The answer's canonical string; throws RangeError for a malformed field. */
export function canonicalResponse(fields: ResponseFields): string {
  checkField(Number.isInteger(fields.status) && fields.status >= 100 && fields.status <= 599, 'status', fields.status);
  checkField(isValidNonce(fields.requestNonce), 'nonce', fields.requestNonce);
  checkField(isValidNodeId(fields.nodeId), 'node id', fields.nodeId);
  checkField(/^[0-9a-f]{64}$/.test(fields.bodySha256), 'body hash', fields.bodySha256);
  return [RESPONSE_DOMAIN, String(fields.status), fields.requestNonce, fields.nodeId, fields.bodySha256].join('\n');
}

function mac(key: PeerKey, canonical: string): Buffer {
  return createHmac('sha256', key.bytes()).update(canonical, 'utf8').digest();
}

/** Constant-time comparison of a received hex signature with the expected MAC. */
function signatureMatches(expected: Buffer, receivedHex: string): boolean {
  if (!isValidSignature(receivedHex)) return false;
  return timingSafeEqual(expected, Buffer.from(receivedHex, 'hex'));
}

export interface SignRequestInput {
  readonly method: string;
  readonly path: string;
  readonly nodeId: string;
  /** The exact bytes that will be sent. */
  readonly body?: Uint8Array | string;
}

export interface SignerIo {
  readonly now?: () => number;
  readonly randomBytes?: RandomBytes;
}

/** The headers that sign one request, and its nonce (to check the answer with). */
export function signRequest(key: PeerKey, input: SignRequestInput, io: SignerIo = {}): {
  headers: Record<string, string>; nonce: string;
} {
  const nonce = (io.randomBytes ?? cryptoRandomBytes)(16).toString('hex');
  const timestamp = Math.floor((io.now ?? Date.now)());
  const fields = { method: input.method, path: input.path, nodeId: input.nodeId, timestamp, nonce,
    bodySha256: bodySha256(input.body) };
  return {
    nonce,
    headers: {
      [PEER_HEADERS.node]: input.nodeId,
      [PEER_HEADERS.timestamp]: String(timestamp),
      [PEER_HEADERS.nonce]: nonce,
      [PEER_HEADERS.signature]: mac(key, canonicalRequest(fields)).toString('hex'),
    },
  };
}

/** The headers that sign an answer to the request that carried `requestNonce`. */
export function signResponse(key: PeerKey, input: { status: number; requestNonce: string; nodeId: string;
  body: Uint8Array | string; }): Record<string, string> {
  const fields = { status: input.status, requestNonce: input.requestNonce, nodeId: input.nodeId,
    bodySha256: bodySha256(input.body) };
  return {
    [PEER_HEADERS.node]: input.nodeId,
    [PEER_HEADERS.signature]: mac(key, canonicalResponse(fields)).toString('hex'),
  };
}

/** A request that passed every check. */
export interface AcceptedRequest {
  readonly ok: true;
  readonly nodeId: string;
  readonly nonce: string;
  readonly timestamp: number;
}

/** A request that did not; `message` says why in words for the log and the 401 body. */
export interface RefusedRequest {
  readonly ok: false;
  readonly reason: AuthRefusalReason;
  readonly message: string;
}

export interface VerifyRequestInput {
  readonly method: string;
  readonly path: string;
  readonly headers: HeaderBag;
  readonly body: Uint8Array | string;
}

export interface VerifierState {
  readonly now: () => number;
  /** Remembers nonces; its window is also the allowed clock difference either way. */
  readonly nonces: NonceCache;
}

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined; // a repeated header is an array: refused as missing
}

function refuse(reason: AuthRefusalReason, message: string): RefusedRequest {
  return { ok: false, reason, message };
}

/** The signature headers are all there and well formed: checked before the body is read. */
export function checkRequestHeaders(headers: HeaderBag): RefusedRequest | undefined {
  const missing = Object.values(PEER_HEADERS).filter((name) => header(headers, name) === undefined);
  if (missing.length > 0) return refuse('missing-header', `unsigned request (no ${missing.join(', ')} header)`);
  const node = header(headers, PEER_HEADERS.node) ?? '';
  if (!isValidNodeId(node)) return refuse('malformed-header', `malformed ${PEER_HEADERS.node} header`);
  if (!isValidTimestamp(header(headers, PEER_HEADERS.timestamp) ?? '')) {
    return refuse('malformed-header', `malformed ${PEER_HEADERS.timestamp} header (expected milliseconds since the epoch)`);
  }
  if (!isValidNonce(header(headers, PEER_HEADERS.nonce) ?? '')) {
    return refuse('malformed-header', `malformed ${PEER_HEADERS.nonce} header (expected 32 hex characters)`);
  }
  if (!isValidSignature(header(headers, PEER_HEADERS.signature) ?? '')) {
    return refuse('malformed-header', `malformed ${PEER_HEADERS.signature} header (expected 64 hex characters)`);
  }
  return undefined;
}

/**
 * Checks a request in this order: headers present and well formed, signature (constant time), timestamp within the
 * skew, nonce not seen. The signature comes first so that a wrong token is reported as such, and the nonce last so
 * that only authentic requests take room in the cache.
 */
export function verifyRequest(key: PeerKey, input: VerifyRequestInput, state: VerifierState): AcceptedRequest | RefusedRequest {
  const malformed = checkRequestHeaders(input.headers);
  if (malformed !== undefined) return malformed;
  if (!isValidMethod(input.method) || !isValidPath(input.path)) return refuse('malformed-header', 'malformed method or path');
  const nodeId = header(input.headers, PEER_HEADERS.node) ?? '';
  const timestamp = Number(header(input.headers, PEER_HEADERS.timestamp));
  const nonce = header(input.headers, PEER_HEADERS.nonce) ?? '';
  const expected = mac(key, canonicalRequest({ method: input.method, path: input.path, nodeId, timestamp, nonce,
    bodySha256: bodySha256(input.body) }));
  if (!signatureMatches(expected, header(input.headers, PEER_HEADERS.signature) ?? '')) {
    return refuse('bad-signature', 'signature does not match (signed with another cluster token, or altered on the way)');
  }
  const skewMs = state.nonces.windowMs;
  const now = state.now();
  const offBy = Math.round((now - timestamp) / 1000);
  if (now - timestamp > skewMs) {
    return refuse('stale', `timestamp is ${offBy} s behind this node's clock (at most ${skewMs / 1000} s allowed)`);
  }
  if (timestamp - now > skewMs) {
    return refuse('future', `timestamp is ${-offBy} s ahead of this node's clock (at most ${skewMs / 1000} s allowed)`);
  }
  const verdict = state.nonces.admit(nonce, timestamp, now);
  if (verdict === 'replayed') return refuse('replayed', `replayed request (nonce ${nonce} was already used)`);
  if (verdict === 'too-old') {
    return refuse('stale', 'timestamp is older than the requests this node still remembers (replay window narrowed under load)');
  }
  return { ok: true, nodeId, nonce, timestamp };
}

/** Checks an answer's signature against the nonce of the request it answers; the answering node's id when it holds. */
export function verifyResponse(key: PeerKey, input: { status: number; requestNonce: string; headers: HeaderBag;
  body: Uint8Array | string; }): { ok: true; nodeId: string } | { ok: false; message: string } {
  const nodeId = header(input.headers, PEER_HEADERS.node);
  const signature = header(input.headers, PEER_HEADERS.signature);
  if (nodeId === undefined || signature === undefined) return { ok: false, message: 'the answer is not signed' };
  if (!isValidNodeId(nodeId) || !isValidSignature(signature)) return { ok: false, message: 'the answer has a malformed signature' };
  const expected = mac(key, canonicalResponse({ status: input.status, requestNonce: input.requestNonce, nodeId,
    bodySha256: bodySha256(input.body) }));
  return signatureMatches(expected, signature) ? { ok: true, nodeId }
    : { ok: false, message: 'the answer\'s signature does not match (not from a member of this cluster, or altered)' };
}
