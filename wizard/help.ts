export const WIZARD_HELP = `Usage: spark-mesos-setup [COMMAND] [ANSWERS] [OPTIONS]

Sets up this node of a Spark-on-Mesos cluster: builds and installs Mesos, configures Spark,
and installs the mesosd node daemon. Run it on every node; the first creates the cluster.

Commands:
  (none)                      interactive menu: create / join / reconfigure / uninstall
  create                      this node starts a new cluster
  join HOST[:PORT] --token T  this node joins the cluster that HOST belongs to
  reconfigure                 run the setup again on this node with changed answers
  uninstall                   stop mesosd and remove what this tool wrote

Answers (flag, environment SPARK_MESOS_SETUP_<NAME>, or --answers FILE.json):
  --prefix DIR          install prefix for Mesos (default /usr/local)
  --java-home DIR       the JDK to build Mesos with
  --scala-home DIR      the Scala installation Spark uses
  --spark-home DIR      the Spark installation to configure
  --mesos-source SRC    a Mesos source directory, release tarball or URL
  --mesos-sha256 HEX    checksum of the tarball
  --mesos-version V     Mesos version profile (default 0.9.0)
  --master HOST         the master's host
  --slaves HOST,...     the slaves' hosts
  --role ROLE           master, slave or both
  --advertise ADDR      the address this node advertises to the others
  --answers FILE        a JSON file of answers (same names, camelCase)

Options:
  --yes                 accept the plan without asking
  --dry-run             print the plan and change nothing
  --no-systemd          do not install a systemd unit; print how to run mesosd
  --log-file FILE       also write a full log to FILE
  -h, --help            print this help
  -V, --version         print the version

Exit codes: 0 done, 1 failed, 2 usage or missing answers, 130 interrupted.
`;
