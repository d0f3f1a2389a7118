import { isIP } from 'node:net';
import type { Problem } from '../errors.js';

/** A check of one value: undefined when it is fine, else what was expected. */
export type ValueCheck<T = string> = (value: T) => string | undefined;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
export const checkHostName: ValueCheck = (value) => {
  const expected = 'a host name (RFC 1123: letters, digits, hyphens and dots, 253 characters at most)';
  if (value.length === 0 || value.length > 253) return expected;
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0) return expected;
  const labels = name.split('.');
  if (!labels.every((label) => LABEL.test(label))) return expected;
  // An all-numeric dotted name is an address, and a malformed one at that.
  if (labels.every((label) => /^\d+$/.test(label))) return expected;
  return undefined;
};

export const checkIpAddress: ValueCheck = (value) =>
  isIP(value) === 0 ? 'an IPv4 or IPv6 address' : undefined;

/** A host name or an IP address (IPv6 possibly in brackets). */
export const checkHost: ValueCheck = (value) => {
  const unbracketed = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(unbracketed) !== 0) return undefined;
  return checkHostName(value) === undefined ? undefined : 'a host name (RFC 1123) or an IPv4/IPv6 address';
};

export function isLoopbackAddress(value: string): boolean {
  const v = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIP(v) === 4) return v.startsWith('127.');
  if (isIP(v) === 6) return v === '::1' || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(v);
  return value.toLowerCase() === 'localhost' || value.toLowerCase().endsWith('.localhost');
}

export const checkPort: ValueCheck<unknown> = (value) => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535
    ? undefined
    : 'a port number from 1 to 65535';
};

/** An absolute POSIX path without control characters and without `..` segments. */
export const checkAbsolutePath: ValueCheck = (value) => {
  if (!value.startsWith('/')) return 'an absolute path (starting with /)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'a path without control characters';
  if (value.split('/').includes('..')) return 'an absolute path without ".." segments';
  if (value.length > 4096) return 'a path of 4096 characters at most';
  return undefined;
};

/** A mesos.conf key as 0.9's flag parser knows them: lower-case letters, digits and underscores. */
export const checkConfKey: ValueCheck = (value) =>
  /^[a-z][a-z0-9_]*$/.test(value) && value.length <= 64
    ? undefined
    : 'a mesos.conf key (lower-case letters, digits and underscores, starting with a letter)';

/** A mesos.conf value: 0.9 splits lines on `=` and cuts at `#`, so neither may appear, nor control characters. */
export const checkConfValue: ValueCheck = (value) => {
  if (value.length === 0) return 'a non-empty value';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'a value without newlines or control characters';
  if (value.includes('=')) return 'a value without "=" (Mesos 0.9 cannot read it back)';
  if (value.includes('#')) return 'a value without "#" (Mesos 0.9 reads it as the start of a comment)';
  if (value !== value.trim()) return 'a value without leading or trailing white space';
  if (value.length > 4096) return 'a value of 4096 characters at most';
  return undefined;
};

/** Runs a check and turns a failure into a Problem for `field`. */
export function problemIf<T>(field: string, value: T, check: ValueCheck<T>): Problem[] {
  const expected = check(value);
  return expected === undefined ? [] : [{ field, value, expected }];
}
