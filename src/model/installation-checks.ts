/** Checks of the installations on disk (JDK, Scala, Spark), with the file system injected. */
export {
  checkJavaHome,
  javaMajor,
  javaVersionOf,
  libjvmDir,
  type InstallationCheckOptions,
  type JavaHomeReport,
  type JdkFacts,
  type JdkLayout,
} from './check-java-home.js';
export { checkScalaHome, scalaVersionOf, type ScalaFacts, type ScalaHomeReport } from './check-scala-home.js';
export {
  checkSparkHome,
  detectSparkVersion,
  sparkWarnings,
  type SparkFacts,
  type SparkHomeReport,
} from './check-spark-home.js';
export {
  nodeInstallationFs,
  probeInstallation,
  type InstallationFs,
  type InstallationProbe,
  type InstallationWarning,
  type PathStat,
} from './installation-fs.js';
