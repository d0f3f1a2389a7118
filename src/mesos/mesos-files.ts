import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic, type AtomicWriteOptions } from '../fs/atomic-file.js';
import { underRoot } from '../fs/under-root.js';
import { renderHostList } from '../formats/host-list.js';
import { renderMesosConf } from '../formats/mesos-conf.js';
import type { MesosProfile } from './profile-types.js';
import type { ClusterSettings } from '../model/cluster-settings.js';

/** One managed file after a write: its path, its content's hash, and whether it had to be written. */
export interface ManagedFile {
  readonly path: string;
  readonly hash: string;
  readonly changed: boolean;
}

/**
 * Writes the cluster's Mesos files under the prefix — deploy/masters, deploy/slaves and conf/mesos.conf — so that
 * they say what the processes are started with. Files that already say it are not touched. Returns the paths written.
 */
export async function writeMesosFiles(cluster: ClusterSettings, profile: MesosProfile): Promise<string[]> {
  return (await writeManagedMesosFiles(cluster, profile)).filter((file) => file.changed).map((file) => file.path);
}

/**
 * As writeMesosFiles, with every file's content hash: how mesosd tells its own writes from an operator's. With a
 * `root` other than `/` the files are written under root+prefix (like DESTDIR); their content is the same.
 */
export async function writeManagedMesosFiles(
  cluster: ClusterSettings, profile: MesosProfile, root = '/', options: Pick<AtomicWriteOptions, 'durable'> = {},
): Promise<ManagedFile[]> {
  const paths = profile.paths(underRoot(root, cluster.prefix), cluster.mesosVersion);
  const files: [string, string][] = [
    [paths.masters, renderHostList(cluster.masters, { file: 'masters' })],
    [paths.slaves, renderHostList(cluster.slaves, { file: 'slaves' })],
  ];
  if (paths.mesosConf !== undefined) files.push([paths.mesosConf, renderMesosConf(cluster.mesosConf)]);
  const written: ManagedFile[] = [];
  for (const [path, text] of files) {
    await mkdir(dirname(path), { recursive: true });
    written.push({ path, ...(await writeFileAtomic(path, text, options)) });
  }
  return written;
}
