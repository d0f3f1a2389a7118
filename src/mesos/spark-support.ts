import { parseVersion } from './versions.js';

/** How a Spark version talks to Mesos, and whether it still can. */
export interface SparkMesosSupport {
  /** The Spark version, when known. */
  readonly version: string | undefined;
  /**
   * `classic`: Spark 0.x (master `HOST:5050`, `MESOS_NATIVE_LIBRARY`); `modern`: Spark 1.0 and later
   * (`mesos://HOST:5050`, `MESOS_NATIVE_JAVA_LIBRARY`); `unknown`: the version could not be found.
   */
  readonly era: 'classic' | 'modern' | 'unknown';
  /** `deprecated` from Spark 3.2, `removed` from Spark 4.0. */
  readonly status: 'supported' | 'deprecated' | 'removed' | 'unknown';
}

/** What a Spark version means for running it on Mesos (MESOS.md, "Spark"). */
export function sparkMesosSupport(version: string | undefined): SparkMesosSupport {
  const parsed = version === undefined ? undefined : parseVersion(version);
  if (parsed === undefined) return { version, era: 'unknown', status: 'unknown' };
  const era = parsed.major === 0 ? 'classic' : 'modern';
  const status =
    parsed.major >= 4 ? 'removed' : parsed.major === 3 && parsed.minor >= 2 ? 'deprecated' : 'supported';
  return { version, era, status };
}
