import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import type { Problem } from '../errors.js';
import { checkAbsolutePath } from '../validate/values.js';

/** What the installation checks need to know about one path. */
export interface PathStat {
  isFile(): boolean;
  isDirectory(): boolean;
  readonly size: number;
}

/** The file system as the installation checks use it; injected, with node:fs/promises as the default. */
export interface InstallationFs {
  /** Follows symbolic links, like fs.stat; rejects when the path does not exist. */
  stat(path: string): Promise<PathStat>;
  readFile(path: string): Promise<string>;
  /** Names of the entries of a directory. */
  readdir(path: string): Promise<string[]>;
  realpath(path: string): Promise<string>;
}

/** The real file system. */
export const nodeInstallationFs: InstallationFs = {
  stat: (path) => fsp.stat(path),
  readFile: (path) => fsp.readFile(path, 'utf8'),
  readdir: (path) => fsp.readdir(path),
  realpath: (path) => fsp.realpath(path),
};

/** Small text files (release files, version files) are read only up to this size. */
export const MAX_SMALL_FILE = 64 * 1024;

/** Read-only questions about one installation directory, each answering false/undefined rather than throwing. */
export interface InstallationProbe {
  readonly fs: InstallationFs;
  readonly home: string;
  isFile(relative: string): Promise<boolean>;
  isDirectory(relative: string): Promise<boolean>;
  /** A small text file's content; undefined when missing, unreadable or bigger than MAX_SMALL_FILE. */
  readSmallFile(relative: string): Promise<string | undefined>;
  /** A directory's entry names, sorted; empty when it is missing or unreadable. */
  list(relative: string): Promise<string[]>;
}

/** A probe of `home` through `fs`. */
export function probeInstallation(fs: InstallationFs, home: string): InstallationProbe {
  const statOf = async (relative: string): Promise<PathStat | undefined> => {
    try {
      return await fs.stat(join(home, relative));
    } catch {
      return undefined;
    }
  };
  return {
    fs,
    home,
    isFile: async (relative) => (await statOf(relative))?.isFile() ?? false,
    isDirectory: async (relative) => (await statOf(relative))?.isDirectory() ?? false,
    readSmallFile: async (relative) => {
      const stat = await statOf(relative);
      if (stat === undefined || !stat.isFile() || stat.size > MAX_SMALL_FILE) return undefined;
      try {
        return await fs.readFile(join(home, relative));
      } catch {
        return undefined;
      }
    },
    list: async (relative) => {
      try {
        return (await fs.readdir(join(home, relative))).sort();
      } catch {
        return [];
      }
    },
  };
}

/** A fact the wizard shows about an installation: not wrong, but worth knowing. */
export interface InstallationWarning {
  /** Stable, for logs and tests: e.g. `SPARK_MESOS_REMOVED`. */
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

/**
 * Checks that `home` is an absolute path to an existing directory and returns a probe of it, or the problem.
 * `what` names the installation in the expectation: `a JDK home`.
 */
export async function openInstallation(
  fs: InstallationFs,
  home: string,
  field: string,
  what: string,
): Promise<{ readonly probe: InstallationProbe } | { readonly problem: Problem }> {
  const pathProblem = typeof home === 'string' ? checkAbsolutePath(home) : 'an absolute path (starting with /)';
  if (pathProblem !== undefined) return { problem: { field, value: home, expected: `${what}: ${pathProblem}` } };
  let isDirectory = false;
  try {
    isDirectory = (await fs.stat(home)).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) return { problem: { field, value: home, expected: `${what}: an existing directory` } };
  return { probe: probeInstallation(fs, home) };
}
