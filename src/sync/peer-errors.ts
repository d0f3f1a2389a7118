import { showValue, ToolError } from '../errors.js';
import { CLUSTER_TOKEN_PATH } from './cluster-token.js';
import type { PeerErrorBody } from './peer-protocol.js';

/** host:port as people type it (IPv6 in brackets). */
export function peerTarget(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const NETWORK_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (nothing listens on that port)',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved now',
  EADDRNOTAVAIL: 'the address is not available',
};

/** A network failure or the deadline, as PEER_UNREACHABLE with what to check. */
export function unreachable(target: string, port: number, cause: unknown, timeoutMs?: number): ToolError {
  const hint = `check that mesosd runs there (\`systemctl status mesosd\`), that the address is right, and that port ${port} is open between the nodes`;
  if (timeoutMs !== undefined) {
    return new ToolError('PEER_UNREACHABLE', `the peer at ${target} did not answer within ${timeoutMs} ms`, { cause, hint });
  }
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const words = (code === undefined ? undefined : NETWORK_WORDS[code]) ?? String((cause as Error | undefined)?.message ?? cause);
  return new ToolError('PEER_UNREACHABLE', `cannot reach the peer at ${target}: ${words}`, { cause, hint });
}

/** An answer that is not what a cluster member sends: unsigned, wrongly signed, not JSON, too large, cut off. */
export function badAnswer(target: string, what: string, cause?: unknown): ToolError {
  return new ToolError('PEER_BAD_ANSWER', `the peer at ${target} gave a bad answer: ${what}`, {
    ...(cause === undefined ? {} : { cause }),
    hint: 'check that the address and port are those of a mesosd of this cluster, and that both run the same version',
  });
}

function parseErrorBody(body: Buffer): Partial<PeerErrorBody> {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed as Partial<PeerErrorBody> : {};
  } catch {
    return {};
  }
}

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * The ToolError for a non-2xx answer. Only a signed answer's code, message and hint are taken as they are; an unsigned
 * or wrongly signed refusal is a token mismatch when it is a 401, and a bad answer otherwise.
 */
export function refusedBy(target: string, status: number, body: Buffer, signed: boolean): ToolError {
  const error = parseErrorBody(body);
  const message = typeof error.message === 'string' ? error.message.slice(0, 500) : `HTTP ${status}`;
  if (status === 401) {
    if (signed && (error.reason === 'stale' || error.reason === 'future')) {
      return new ToolError('PEER_AUTH_REFUSED', `the peer at ${target} refused the request: ${message}`, {
        hint: 'the clocks of this node and the peer differ by more than the allowed skew: synchronise them (NTP, `timedatectl`)',
      });
    }
    if (signed && error.reason === 'replayed') {
      return new ToolError('PEER_AUTH_REFUSED', `the peer at ${target} refused the request as a replay: ${message}`, {
        hint: 'something between the nodes resent the request; try again, and look for a proxy that retries',
      });
    }
    return new ToolError('PEER_AUTH_REFUSED', `the peer at ${target} refused the request: the token does not match the cluster's`, {
      hint: `use the token in ${CLUSTER_TOKEN_PATH} on a node of the cluster (the join command the first node printed has it)`,
    });
  }
  if (!signed) {
    return badAnswer(target, `HTTP ${status} without a valid signature (${showValue(message)})`);
  }
  const code = typeof error.code === 'string' && CODE.test(error.code) ? error.code : `PEER_HTTP_${status}`;
  const hint = typeof error.hint === 'string' ? error.hint.slice(0, 500) : undefined;
  return new ToolError(code, `the peer at ${target} refused the request (HTTP ${status}): ${message}`,
    hint === undefined ? {} : { hint });
}
