/**
 * The peer protocol's fixed parts, shared by the client (src/) and the server (daemon/): header names, defaults,
 * the shape of a refusal, and the checks on the signed fields that keep the canonical string unambiguous.
 */

/** Request headers (and, for `node` and `signature`, response headers) that carry the signature. */
export const PEER_HEADERS = {
  /** The sending node's id (requests) or the answering node's id (responses). Signed. */
  node: 'x-sms-node',
  /** Milliseconds since the epoch, decimal. Requests only. */
  timestamp: 'x-sms-timestamp',
  /** 16 random bytes, 32 lowercase hex characters. Requests only; the response signs the request's nonce. */
  nonce: 'x-sms-nonce',
  /** HMAC-SHA256, 64 lowercase hex characters. */
  signature: 'x-sms-signature',
} as const;

/** mesosd's peer port (DESIGN.md, Ports). */
export const DEFAULT_PEER_PORT = 5055;
/** Timestamps this far off the receiver's clock, either way, are refused. */
export const DEFAULT_CLOCK_SKEW_MS = 300_000;
/** Request bodies above this are refused with 413 (and the client will not send them). */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
/** Answers above this are refused by the client. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** The client's deadline for one call, connection to last byte. */
export const DEFAULT_PEER_TIMEOUT_MS = 5_000;

/** Why the server refused to authenticate a request; `reason` in the 401 body. */
export type AuthRefusalReason =
  | 'missing-header' | 'malformed-header' | 'bad-signature' | 'stale' | 'future' | 'replayed';

/** The JSON body of every non-2xx answer. */
export interface PeerErrorBody {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** For 401 answers: which check failed. */
  readonly reason?: AuthRefusalReason;
}

// The same shape as the replicated state's node ids (src/state/identifiers.ts): a peer's id can be stored as is.
const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._:[\]-]{0,254}$/;
const METHOD = /^[A-Z]{1,16}$/;
const PATH = /^\/[\x21-\x7e]{0,2047}$/;
const NONCE = /^[0-9a-f]{32}$/;
const TIMESTAMP = /^(0|[1-9][0-9]{0,15})$/;
const SIGNATURE = /^[0-9a-f]{64}$/;

/** A node id: a host name or an address, optionally `:port`, or a UUID; starts with a letter or digit; up to 255 characters. */
export function isValidNodeId(value: string): boolean {
  return NODE_ID.test(value);
}

/** An upper-case HTTP method token. */
export function isValidMethod(value: string): boolean {
  return METHOD.test(value);
}

/** A request target: starts with `/`, printable ASCII without spaces, up to 2048 characters. */
export function isValidPath(value: string): boolean {
  return PATH.test(value);
}

/** The nonce format: 32 lowercase hex characters. */
export function isValidNonce(value: string): boolean {
  return NONCE.test(value);
}

/** A decimal millisecond timestamp without sign or leading zeros. */
export function isValidTimestamp(value: string): boolean {
  return TIMESTAMP.test(value) && Number.isSafeInteger(Number(value));
}

/** The signature format: 64 lowercase hex characters. */
export function isValidSignature(value: string): boolean {
  return SIGNATURE.test(value);
}
