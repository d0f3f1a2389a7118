import type { DetectedEnvironment } from '../../../../wizard/answers/detect/detect-environment.js';
import type { DetectedInstallations } from '../../../../wizard/answers/detect/detect-installations.js';
import { JDK17, makeInstallationTree, type InstallationTree } from '../../model/installation-tree.js';

const none = <F>(): DetectedInstallations<F> => ({ candidates: [], rejected: [], preferred: undefined });

/** A detection result with nothing found but a host name and addresses, for tests that give every path. */
export function detectedHost(hostname = 'node1', addresses: readonly string[] = ['10.0.0.5']): DetectedEnvironment {
  return { jdks: none(), scalas: none(), sparks: none(), hostname, addresses, mesosTarballs: [] };
}

/** A Spark tree of a version, with conf/ and a RELEASE file. */
export function sparkTree(version: string): Record<string, string> {
  return { 'conf/': '', RELEASE: `Spark ${version} built for Hadoop 3.3.4\n`, 'bin/spark-submit': '' };
}

/** A Scala distribution with its library jar. */
export function scalaTree(version: string): Record<string, string> {
  return { 'bin/scala': '', [`lib/scala-library-${version}.jar`]: '' };
}

/** A JRE 8 tree inside a JDK 8 is not this; this is a bare JRE of 17 (java, libjvm, no javac, no headers). */
export const JRE17_TREE: Readonly<Record<string, string>> = {
  'bin/java': '',
  'lib/server/libjvm.so': '',
  release: 'JAVA_VERSION="17.0.15"\n',
};

/** A tree with a JDK 17, a Spark 3.5.1, a Spark 0.9.1 and a Scala 2.10.7, and a Mesos source directory. */
export interface Installations {
  readonly tree: InstallationTree;
  readonly jdk: string;
  readonly spark: string;
  readonly oldSpark: string;
  readonly scala: string;
  readonly mesosDir: string;
}

export async function makeInstallations(): Promise<Installations> {
  const tree = await makeInstallationTree();
  return {
    tree,
    jdk: await tree.lay('jvm/jdk-17', JDK17),
    spark: await tree.lay('spark-3.5.1', sparkTree('3.5.1')),
    oldSpark: await tree.lay('spark-0.9.1', sparkTree('0.9.1')),
    scala: await tree.lay('scala-2.10.7', scalaTree('2.10.7')),
    mesosDir: await tree.lay('mesos-0.9.0', { configure: '#!/bin/sh\n' }),
  };
}
