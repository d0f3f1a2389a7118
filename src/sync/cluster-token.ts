import { hkdfSync, randomBytes as cryptoRandomBytes } from 'node:crypto';
import { ToolError } from '../errors.js';

/** Where the wizard writes the token (mode 0600). */
export const CLUSTER_TOKEN_PATH = '/etc/mesosd/cluster.token';

const TOKEN_BYTES = 32;
const TOKEN = /^[0-9a-fA-F]{64}$/;
/** HKDF `info`: a key for this protocol and version only, never the token itself. */
const KEY_INFO = 'spark-mesos-setup peer v1';

/** Random bytes, injected so tests can be repeatable; crypto's by default. */
export type RandomBytes = (size: number) => Buffer;

/** A new cluster token: 32 random bytes as 64 lowercase hex characters. */
export function generateClusterToken(randomBytes: RandomBytes = cryptoRandomBytes): string {
  return randomBytes(TOKEN_BYTES).toString('hex');
}

/**
 * The token's 32 bytes, from its text as written in the token file or given with `--token` (surrounding whitespace
 * allowed, hex in either case). The message never repeats the value: it is a secret.
 */
export function parseClusterToken(text: string): Buffer {
  const trimmed = text.trim();
  if (!TOKEN.test(trimmed)) {
    const what = /^[0-9a-fA-F]*$/.test(trimmed) ? `${trimmed.length} hex characters` : 'characters that are not hex';
    throw new ToolError('PEER_TOKEN_INVALID', `the cluster token must be 64 hex characters (32 bytes); this one has ${what}`, {
      hint: `copy it from ${CLUSTER_TOKEN_PATH} on a node of the cluster, or from the join command the first node printed`,
    });
  }
  return Buffer.from(trimmed, 'hex');
}

/**
 * The key peer signatures are made with: HKDF-SHA256 of the token. Opaque on purpose (a private field), so that it does
 * not end up in a log line or a JSON dump by accident.
 */
export class PeerKey {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** Derives the key from the token's text; throws PEER_TOKEN_INVALID for a malformed token. */
  static fromToken(token: string): PeerKey {
    const ikm = parseClusterToken(token);
    return new PeerKey(Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), KEY_INFO, 32)));
  }

  /** The key's bytes, for the HMAC in peer-auth.ts. */
  bytes(): Buffer {
    return this.#key;
  }

  toJSON(): string {
    return '[peer key]';
  }
}
