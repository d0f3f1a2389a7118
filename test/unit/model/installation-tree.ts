import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A real temporary directory for laying out fake installations; remove() in afterEach. */
export interface InstallationTree {
  readonly root: string;
  /** Writes files (relative path → content) under `dir` (relative to root) and returns its absolute path. */
  lay(dir: string, files: Readonly<Record<string, string>>): Promise<string>;
  link(target: string, at: string): Promise<string>;
  remove(): Promise<void>;
}

export async function makeInstallationTree(): Promise<InstallationTree> {
  const root = await mkdtemp(join(tmpdir(), 'sms-install-'));
  return {
    root,
    lay: async (dir, files) => {
      const base = join(root, dir);
      await mkdir(base, { recursive: true });
      for (const [relative, content] of Object.entries(files)) {
        const path = join(base, relative);
        await mkdir(relative.endsWith('/') ? path : dirname(path), { recursive: true });
        if (!relative.endsWith('/')) await writeFile(path, content);
      }
      return base;
    },
    link: async (target, at) => {
      const path = join(root, at);
      await symlink(join(root, target), path);
      return path;
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** A JDK 9+ tree: bin/javac, include/jni.h, lib/server/libjvm.so and a release file. */
export const JDK17: Readonly<Record<string, string>> = {
  'bin/java': '',
  'bin/javac': '',
  'include/jni.h': '/* jni */',
  'lib/server/libjvm.so': '',
  release: 'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="17.0.15"\nJAVA_VERSION_DATE="2025-04-15"\n',
};

/** A JDK 8 tree: libjvm under jre/lib/amd64/server. */
export const JDK8: Readonly<Record<string, string>> = {
  'bin/java': '',
  'bin/javac': '',
  'include/jni.h': '',
  'jre/bin/java': '',
  'jre/lib/amd64/server/libjvm.so': '',
  'jre/lib/rt.jar': '',
  release: 'JAVA_VERSION="1.8.0_392"\nOS_NAME="Linux"\n',
};

/** A JRE 17: java but no javac and no headers. */
export const JRE17: Readonly<Record<string, string>> = {
  'bin/java': '',
  'lib/server/libjvm.so': '',
  release: 'JAVA_VERSION="17.0.15"\n',
};
