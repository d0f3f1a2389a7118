/** What the wizard runs in. */
export type WizardMode = 'create' | 'join' | 'reconfigure' | 'uninstall';

/** This node's part in the cluster. */
export type NodeRole = 'master' | 'slave' | 'both';

/**
 * Every answer the wizard needs, after flags, environment, answers file, detected defaults and prompts are merged
 * and checked. Paths are absolute; hosts are host names or IPv4 addresses.
 */
export interface WizardAnswers {
  readonly prefix: string;
  readonly javaHome: string;
  /** Optional: Spark 1.0 and later bring their own Scala. */
  readonly scalaHome: string | undefined;
  readonly sparkHome: string;
  /** A Mesos source directory, a release tarball, or an http(s) URL of one. */
  readonly mesosSource: string;
  /** Lower-case hex; when given, the tarball must match it. */
  readonly mesosSha256: string | undefined;
  readonly mesosVersion: string;
  /** The master's host (create mode; from the peer when joining). */
  readonly master: string;
  /** The slaves' hosts. */
  readonly slaves: readonly string[];
  readonly role: NodeRole;
  /** This node's host name, as the other nodes know it. */
  readonly hostname: string;
  /** The IPv4 address this node advertises (`--ip`). */
  readonly advertise: string;
}

/** Flags that are not answers: how the wizard runs. */
export interface WizardRunOptions {
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly noSystemd: boolean;
  readonly logFile: string | undefined;
  /**
   * Every system path (/etc, /opt, /var, /usr/local/bin) under this directory instead of /, like DESTDIR: for building
   * images and for tests. ldconfig is not run. The Mesos prefix and the Spark home are taken as given.
   */
  readonly root: string | undefined;
  /** The peer to join, `HOST[:PORT]`, and the cluster token (join mode). */
  readonly joinPeer: string | undefined;
  readonly token: string | undefined;
}
