import { isIP } from 'node:net';
import type { Problem } from '../errors.js';
import { checkAbsolutePath, checkHost, checkPort } from '../validate/values.js';

/** One host and port; an IPv6 host is kept without brackets. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * A master URL as Mesos itself takes it (`--master`, mesos.conf `master`, `zk`): `HOST:PORT`, `master@HOST:PORT`,
 * `zk://HOST:PORT,.../PATH` (optionally `zk://USER:PASS@...`) or `file:///PATH`. Never `mesos://` (Spark's form).
 */
export type MasterUrl =
  | { readonly kind: 'host'; readonly host: string; readonly port: number }
  | { readonly kind: 'pid'; readonly host: string; readonly port: number }
  | {
      readonly kind: 'zk';
      readonly credentials?: string;
      readonly servers: readonly HostPort[];
      readonly path: string;
    }
  | { readonly kind: 'file'; readonly path: string };

/** Either the parsed URL or the one problem with it. */
export type MasterUrlResult =
  | { readonly url: MasterUrl; readonly problem?: undefined }
  | { readonly url?: undefined; readonly problem: Problem };

const EXPECTED = 'a Mesos master URL: HOST:PORT, master@HOST:PORT, zk://HOST:PORT,.../PATH or file:///PATH';
const MAX_URL = 8192;
const ZK_PATH = /^(?:\/[A-Za-z0-9._-]+)+$/;
const CREDENTIALS = /^[^\s@/,:]+:[^\s@/,]+$/;

/** `host:port`, with brackets around an IPv6 host. */
export function formatHostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Splits `HOST:PORT` or `[V6]:PORT`; undefined when it is not one host and a valid port. */
export function parseHostPort(text: string): HostPort | undefined {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const plain = bracketed === null ? /^([^:[\]]+):(\d{1,5})$/.exec(text) : null;
  const match = bracketed ?? plain;
  if (match === null) return undefined;
  const host = match[1] ?? '';
  const port = Number(match[2]);
  if (bracketed !== null && isIP(host) !== 6) return undefined;
  if (checkHost(host) !== undefined || checkPort(port) !== undefined) return undefined;
  return { host, port };
}

/** Renders a master URL the way Mesos reads it. */
export function renderMasterUrl(url: MasterUrl): string {
  switch (url.kind) {
    case 'host':
      return formatHostPort(url.host, url.port);
    case 'pid':
      return `master@${formatHostPort(url.host, url.port)}`;
    case 'zk': {
      const auth = url.credentials === undefined ? '' : `${url.credentials}@`;
      return `zk://${auth}${url.servers.map((s) => formatHostPort(s.host, s.port)).join(',')}${url.path}`;
    }
    case 'file':
      return `file://${url.path}`;
  }
}

/** Parses a Mesos master URL; the problem names `field` and says what was expected. */
export function parseMasterUrl(text: string, field = 'master'): MasterUrlResult {
  const fail = (expected: string): MasterUrlResult => ({ problem: { field, value: text, expected } });
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_URL) return fail(EXPECTED);
  if (/^mesos:\/\//i.test(text)) {
    return fail(`${EXPECTED} ("mesos://" is Spark's form of the URL; Mesos itself does not take it)`);
  }
  if (text.startsWith('zk://')) return parseZk(text.slice('zk://'.length), fail);
  if (text.startsWith('file://')) {
    const path = text.slice('file://'.length);
    const expected = checkAbsolutePath(path);
    return expected === undefined ? { url: { kind: 'file', path } } : fail(`file:// followed by ${expected}`);
  }
  const pid = text.startsWith('master@');
  const hostPort = parseHostPort(pid ? text.slice('master@'.length) : text);
  if (hostPort === undefined) return fail(EXPECTED);
  return { url: { kind: pid ? 'pid' : 'host', ...hostPort } };
}

function parseZk(rest: string, fail: (expected: string) => MasterUrlResult): MasterUrlResult {
  const slash = rest.indexOf('/');
  if (slash < 0) return fail('zk://HOST:PORT,.../PATH (ZooKeeper URLs need a path, such as /mesos)');
  const authority = rest.slice(0, slash);
  const path = rest.slice(slash);
  if (!ZK_PATH.test(path) || path.split('/').some((s) => s === '.' || s === '..')) return fail('zk://HOST:PORT,.../PATH with a path of letters, digits, ".", "_" and "-"');
  const at = authority.lastIndexOf('@');
  const credentials = at < 0 ? undefined : authority.slice(0, at);
  if (credentials !== undefined && !CREDENTIALS.test(credentials)) return fail('zk://USER:PASSWORD@HOST:PORT,.../PATH');
  const servers: HostPort[] = [];
  for (const part of authority.slice(at + 1).split(',')) {
    const server = parseHostPort(part);
    if (server === undefined) return fail('zk://HOST:PORT,.../PATH with a port on every ZooKeeper server');
    servers.push(server);
  }
  return { url: { kind: 'zk', ...(credentials === undefined ? {} : { credentials }), servers, path } };
}
