import { resolve } from 'node:path';
import { nodeInstallationFs, type InstallationFs } from '../../src/model/installation-fs.js';
import { parseVersion } from '../../src/mesos/versions.js';

/** The 0.9.0 release, where the Apache archive keeps it (the classic procedure's version). */
export const MESOS_0_9_0_URL = 'https://archive.apache.org/dist/incubator/mesos/mesos-0.9.0-incubating/mesos-0.9.0-incubating.tar.gz';

/** What a Mesos source is: a source tree, a local tarball, the URL of a tarball, or Mesos already built into the prefix. */
export type MesosSourceKind = 'directory' | 'tarball' | 'url' | 'installed';

/** The answer that says Mesos is already built and installed into the prefix (with an older toolchain, say). */
export const INSTALLED_MESOS = 'installed';

/** A checked Mesos source: local ones as absolute paths. */
export interface MesosSource {
  readonly kind: MesosSourceKind;
  readonly location: string;
}

const TARBALL_NAME = /\.(?:tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz|tar)$/;

/** The Apache archive's URL of a Mesos release (0.9.0, or 1.x.y); undefined for other versions. */
export function mesosReleaseUrl(version: string): string | undefined {
  if (version === '0.9.0') return MESOS_0_9_0_URL;
  const parsed = parseVersion(version);
  if (parsed === undefined || parsed.major !== 1 || parsed.suffix !== '') return undefined;
  const v = `${parsed.major}.${parsed.minor}.${parsed.patch}`;
  return `https://archive.apache.org/dist/mesos/${v}/mesos-${v}.tar.gz`;
}

/** True for text that is an http(s) URL rather than a path. */
export function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/** What a source check reads: the file system, and the directory relative paths start in. */
export interface MesosSourceCheckOptions {
  readonly fs?: InstallationFs;
  /** Relative paths are taken from here; defaults to process.cwd(). */
  readonly cwd?: string;
}

/**
 * Checks a Mesos source as given: an http(s) URL, or a local directory with a `configure` script, or a local
 * tarball (relative paths are taken from `cwd`). Returns what it is, or what was expected. Makes no network access.
 */
export async function checkMesosSource(text: string, options: MesosSourceCheckOptions = {}): Promise<MesosSource | { readonly expected: string }> {
  const what = `a Mesos source: a directory with a configure script, a release tarball (.tar.gz), an http(s) URL, or "${INSTALLED_MESOS}"`;
  if (text === INSTALLED_MESOS) return { kind: 'installed', location: INSTALLED_MESOS };
  if (text.trim() === '') return { expected: what };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return { expected: `${what}, without control characters` };
  if (looksLikeUrl(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { expected: `${what} (this URL does not parse)` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { expected: `${what} (${url.protocol}// URLs are not supported)` };
    if (/\s/.test(text)) return { expected: `${what} (a URL without white space)` };
    return { kind: 'url', location: url.href };
  }
  const fs = options.fs ?? nodeInstallationFs;
  const location = resolve(options.cwd ?? process.cwd(), text);
  let isDirectory: boolean;
  try {
    isDirectory = (await fs.stat(location)).isDirectory();
  } catch {
    return { expected: `${what} (nothing is at ${location})` };
  }
  if (isDirectory) {
    const hasConfigure = await fs.stat(resolve(location, 'configure')).then((s) => s.isFile(), () => false);
    return hasConfigure ? { kind: 'directory', location } : { expected: `a Mesos source directory, with a configure script (${location} has none)` };
  }
  if (!TARBALL_NAME.test(location)) return { expected: `${what} (this file's name does not end in .tar.gz, .tgz, .tar.bz2, .tar.xz or .tar)` };
  return { kind: 'tarball', location };
}
