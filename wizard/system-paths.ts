import { join } from 'node:path';
import { DEFAULT_CONTROL_SOCKET } from '../src/control/protocol.js';

/** The places outside the Mesos prefix and the Spark home that the wizard writes. */
export interface SystemPaths {
  /** Every path below is under this root (`/` normally; another directory with --root, like DESTDIR). */
  readonly root: string;
  /** Installed copies of this package, one directory per version. */
  readonly installRoot: string;
  /** Where `mesosd` and `spark-mesos-setup` are linked onto PATH. */
  readonly binDir: string;
  readonly etcDir: string;
  readonly mesosdConfig: string;
  /** The cluster token, mode 0600. */
  readonly tokenFile: string;
  readonly stateDir: string;
  readonly unitDir: string;
  readonly ldConfDir: string;
  readonly logDir: string;
  readonly cacheDir: string;
  readonly controlSocket: string;
  /** The wizard's journal of finished steps. */
  readonly journal: string;
}

/** The standard places, optionally under another root (for building images and for tests). */
export function systemPaths(root = '/'): SystemPaths {
  const at = (path: string) => join(root, path);
  return {
    root,
    installRoot: at('/opt/spark-mesos-setup'),
    binDir: at('/usr/local/bin'),
    etcDir: at('/etc/mesosd'),
    mesosdConfig: at('/etc/mesosd/mesosd.json'),
    tokenFile: at('/etc/mesosd/cluster.token'),
    stateDir: at('/var/lib/mesosd'),
    unitDir: at('/etc/systemd/system'),
    ldConfDir: at('/etc/ld.so.conf.d'),
    logDir: at('/var/log/spark-mesos-setup'),
    cacheDir: at('/var/cache/spark-mesos-setup'),
    controlSocket: root === '/' ? DEFAULT_CONTROL_SOCKET : at(DEFAULT_CONTROL_SOCKET),
    journal: at('/var/lib/spark-mesos-setup/journal.json'),
  };
}
