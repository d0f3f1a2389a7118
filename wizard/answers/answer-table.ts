import type { WizardAnswers } from './wizard-answers.js';

/** The name of one answer: its answers-file key (camelCase). */
export type AnswerName = keyof WizardAnswers;

/**
 * `cluster`: the same on every node (the classic procedure puts the same paths everywhere); a joining node takes it
 * from the cluster and only checks it locally. `node`: this node's own.
 */
export type AnswerScope = 'cluster' | 'node';

/**
 * `required`: must be answered (asked, or listed as missing without a terminal); `optional`: may stay unset;
 * `defaulted`: a default is used when it is not answered.
 */
export type AnswerNeed = 'required' | 'optional' | 'defaulted';

/** The cluster-wide answers, which a joining node gets from the cluster. */
export type ClusterAnswerName = 'prefix' | 'javaHome' | 'scalaHome' | 'sparkHome' | 'mesosVersion' | 'master' | 'slaves';

/** The cluster-wide answers as a joining node receives them. */
export type ClusterAnswers = Pick<WizardAnswers, ClusterAnswerName>;

/** One answer: how it is given (flag, environment, file), what it means, whether it must be given. */
export interface AnswerSpec {
  readonly name: AnswerName;
  /** `--java-home` */
  readonly flag: string;
  /** `SPARK_MESOS_SETUP_JAVA_HOME` */
  readonly env: string;
  /** The key in an answers file: the camelCase name. */
  readonly fileKey: string;
  /** The value's placeholder in help and messages: `DIR`, `HOST`, ... */
  readonly valueName: string;
  /** One line, for help and for the missing-answers message. */
  readonly description: string;
  readonly scope: AnswerScope;
  readonly need: AnswerNeed;
  /** The default in words, for help; undefined when there is none. */
  readonly defaultText: string | undefined;
  /** A list of hosts: comma or white space separated in flags and the environment, a JSON array in a file. */
  readonly list: boolean;
}

/** The prefix of every answer's environment variable. */
export const ENV_PREFIX = 'SPARK_MESOS_SETUP_';

/** The environment variable of the cluster token (join), which keeps the token out of the process list. */
export const TOKEN_ENV = `${ENV_PREFIX}TOKEN`;

type SpecInput = Omit<AnswerSpec, 'flag' | 'env' | 'fileKey' | 'defaultText' | 'list'> & {
  readonly defaultText?: string;
  readonly list?: boolean;
};

function answer(input: SpecInput): AnswerSpec {
  const words = input.name.replace(/[A-Z]/g, (c) => ` ${c}`).toLowerCase().split(' ');
  return {
    ...input,
    flag: `--${words.join('-')}`,
    env: ENV_PREFIX + words.join('_').toUpperCase(),
    fileKey: input.name,
    defaultText: input.defaultText,
    list: input.list ?? false,
  };
}

/** Every answer, in the order help lists them. The single source of flags, variables, file keys and descriptions. */
export const ANSWER_SPECS: readonly AnswerSpec[] = [
  answer({
    name: 'prefix', valueName: 'DIR', scope: 'cluster', need: 'defaulted', defaultText: '/usr/local',
    description: 'where Mesos is installed (./configure --prefix), the same on every node',
  }),
  answer({
    name: 'javaHome', valueName: 'DIR', scope: 'cluster', need: 'required',
    description: 'the JDK Mesos is built with (a JDK, not a JRE), the same path on every node',
  }),
  answer({
    name: 'scalaHome', valueName: 'DIR', scope: 'cluster', need: 'optional',
    description: 'the Scala installation Spark 0.x uses (SCALA_HOME); Spark 1.0 and later need none',
  }),
  answer({
    name: 'sparkHome', valueName: 'DIR', scope: 'cluster', need: 'required',
    description: 'the Spark installation to configure for Mesos, the same path on every node',
  }),
  answer({
    name: 'mesosSource', valueName: 'SRC', scope: 'node', need: 'defaulted',
    defaultText: "a mesos-*.tar.gz in the current directory, else the release from the Apache archive",
    description: 'the Mesos source: a source directory, a release tarball or an http(s) URL of one',
  }),
  answer({
    name: 'mesosSha256', valueName: 'HEX', scope: 'node', need: 'optional',
    description: 'the SHA-256 of the Mesos tarball, checked when given',
  }),
  answer({
    name: 'mesosVersion', valueName: 'VERSION', scope: 'cluster', need: 'defaulted',
    defaultText: "the source's version, else 0.9.0",
    description: 'the Mesos version, which selects the version profile',
  }),
  answer({
    name: 'master', valueName: 'HOST', scope: 'cluster', need: 'defaulted', defaultText: 'this host',
    description: "the master's host name or IPv4 address",
  }),
  answer({
    name: 'slaves', valueName: 'HOST,...', scope: 'cluster', need: 'defaulted', defaultText: 'this host', list: true,
    description: "the slaves' host names or addresses, separated by commas",
  }),
  answer({
    name: 'role', valueName: 'ROLE', scope: 'node', need: 'defaulted',
    defaultText: 'from --master and --slaves; slave when joining',
    description: "what this node runs: master, slave or both",
  }),
  answer({
    name: 'advertise', valueName: 'ADDR', scope: 'node', need: 'defaulted',
    defaultText: "this host's IPv4 address, when it has exactly one",
    description: 'the IPv4 address this node advertises to the others',
  }),
  answer({
    name: 'hostname', valueName: 'NAME', scope: 'node', need: 'defaulted', defaultText: 'the system host name',
    description: "this node's host name, as the other nodes know it",
  }),
];

/** The spec of one answer. */
export function answerSpec(name: AnswerName): AnswerSpec {
  const spec = ANSWER_SPECS.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`no answer named ${name}`);
  return spec;
}

/** The answer names of one scope, in table order. */
export function answersOfScope(scope: AnswerScope): AnswerName[] {
  return ANSWER_SPECS.filter((s) => s.scope === scope).map((s) => s.name);
}

/** The "Answers" section of the help text, generated from the table. */
export function formatAnswersHelp(): string {
  const rows = ANSWER_SPECS.map((s) => [`${s.flag} ${s.valueName}`, s.description + (s.defaultText === undefined ? '' : ` (default: ${s.defaultText})`)] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
  return [
    `Answers (flag, environment ${ENV_PREFIX}<NAME>, or --answers FILE.json with the camelCase names):`,
    ...lines,
    `  ${'--answers FILE'.padEnd(width)}a JSON file of answers: {"javaHome": "/usr/lib/jvm/...", "slaves": ["a", "b"]}`,
    '',
  ].join('\n');
}
