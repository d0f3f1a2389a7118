import { STATE_LIMITS } from './state-types.js';

const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._:[\]-]*$/;
// Only the shape (printable ASCII, no space): whether it is a good host is validateClusterSettings's judgement.
const HOST_TEXT = /^[\x21-\x7e]+$/;

/** Undefined for a usable node id (a host name, an address, `host:port`), else what was expected. */
export function checkNodeId(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= STATE_LIMITS.nodeIdLength && NODE_ID.test(value)
    ? undefined
    : `a node id (letters, digits and . _ : [ ] -, starting with a letter or digit, ${STATE_LIMITS.nodeIdLength} characters at most)`;
}

/** Undefined for text that can be a member host, else what was expected. */
export function checkHostText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= STATE_LIMITS.hostLength && HOST_TEXT.test(value)
    ? undefined
    : `a host (printable characters without spaces, ${STATE_LIMITS.hostLength} at most)`;
}

/** Undefined for a Lamport counter: a positive safe integer. */
export function checkCounter(value: unknown): string | undefined {
  return Number.isSafeInteger(value) && (value as number) > 0 ? undefined : 'a counter (a positive integer)';
}
