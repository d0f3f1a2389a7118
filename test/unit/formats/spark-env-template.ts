/**
 * A spark-env.sh.template in the manner of Spark 0.x's (written for these tests): a shell file of comments naming the
 * variables, no assignments, a final newline.
 */
export const SPARK_ENV_TEMPLATE = `#!/usr/bin/env bash

# This file is sourced by Spark's run scripts. Copy it to spark-env.sh and
# edit that to configure Spark for this site. At least these should be set:
# - MESOS_NATIVE_LIBRARY, the Mesos native library (libmesos.so), to run on Mesos
# - SCALA_HOME, the Scala installation, unless \`scala\` is on the PATH
#
# For the standalone deploy mode you can also set:
# - SPARK_MASTER_IP, to bind the master to another address
# - SPARK_MASTER_PORT / SPARK_MASTER_WEBUI_PORT, to use other ports
# - SPARK_WORKER_CORES, the cores each worker may use
# - SPARK_WORKER_MEMORY, e.g. 1000m or 2g, the memory each worker may use
#
# Finally, SPARK_JAVA_OPTS passes options to the JVM, e.g. "-verbose:gc"
# and SPARK_MEM sets the memory of each job (default: 512m).
`;
