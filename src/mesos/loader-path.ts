import { posix } from 'node:path';

/** Directories the dynamic loader searches (or that distributions list in /etc/ld.so.conf) without being told. */
export const DEFAULT_LOADER_DIRS: readonly string[] = [
  '/lib',
  '/lib64',
  '/usr/lib',
  '/usr/lib64',
  '/usr/local/lib',
  '/usr/local/lib64',
];

/** What the dynamic loader needs to find libmesos after `make install`. */
export interface LoaderSetup {
  readonly libDir: string;
  /** True for /usr/local/lib and the like: `ldconfig` alone suffices. */
  readonly onDefaultPath: boolean;
  /** An /etc/ld.so.conf.d/ file to write first, when the lib dir is not on the default path. */
  readonly confEntry: { readonly file: string; readonly line: string } | undefined;
  /** One sentence for the plan shown to the user. */
  readonly note: string;
}

/**
 * Whether `<prefix>/lib` is on the loader's default path (MESOS.md: after `make install` the binaries carry no rpath
 * to it, so `ldconfig` must run, and for other prefixes an ld.so.conf.d entry is needed first).
 */
export function loaderSetup(prefix: string): LoaderSetup {
  const libDir = posix.join(posix.normalize(prefix), 'lib');
  const multiarch = /^\/(?:usr\/)?lib\/[a-z0-9_]+-linux-gnu[a-z0-9_]*$/.test(libDir);
  const onDefaultPath = DEFAULT_LOADER_DIRS.includes(libDir) || multiarch;
  if (onDefaultPath) {
    return {
      libDir,
      onDefaultPath,
      confEntry: undefined,
      note: `${libDir} is on the loader's default path: ldconfig runs after make install so mesos-master finds libmesos`,
    };
  }
  return {
    libDir,
    onDefaultPath,
    confEntry: { file: '/etc/ld.so.conf.d/mesos.conf', line: libDir },
    note: `${libDir} is not on the loader's default path: it is added in /etc/ld.so.conf.d/mesos.conf, then ldconfig runs`,
  };
}
