export const MESOSD_HELP = `Usage: mesosd COMMAND [OPTIONS]

The spark-mesos-setup node daemon: supervises this node's mesos-master and mesos-slave
and keeps the cluster's configuration the same on every node. systemd runs it as mesosd.service.

Commands:
  run [--config FILE] [--no-systemd]   run the daemon (what the systemd unit runs)
  status [--json]                      this node and, when reachable, the whole cluster
  config get [KEY]                     print the cluster configuration or one key
  config set KEY VALUE                 change a key on every node
  config add-slave HOST                add a slave host
  config remove-slave HOST             remove a slave host
  config history                       earlier values, including overwritten ones
  restart master|slave                 restart one of this node's Mesos processes
  leave                                remove this node from the cluster

Options:
  -h, --help            print this help
  -V, --version         print the version

Exit codes: 0 done, 1 failed, 2 usage, 130 interrupted.
`;
