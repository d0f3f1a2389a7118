import type { JdkFacts } from '../../src/model/check-java-home.js';
import type { ScalaFacts } from '../../src/model/check-scala-home.js';
import type { SparkFacts } from '../../src/model/check-spark-home.js';
import { nodeInstallationFs, type InstallationFs } from '../../src/model/installation-fs.js';
import type { Problem } from '../../src/errors.js';
import { answerSpec, type AnswerName, type ClusterAnswers } from './answer-table.js';
import { givenFrom, mergeByPrecedence, sourceLabel, type AnswerSource, type GivenAnswers, type RawAnswers, type RawAnswerValue } from './answer-sources.js';
import { defaultFor, foundNote, type AnswerDefault } from './answer-defaults.js';
import { invalidAnswersError, missingAnswersError, type MissingAnswer } from './answer-errors.js';
import { answersFromEnv, readAnswersFile } from './answers-input.js';
import { askAnswer } from './ask-answer.js';
import { checkAnswer, normalizePath, type AnswerCheckContext, type AnswerMode, type InstallationFacts, type KnownAnswers } from './check-answer.js';
import { detectEnvironment, type DetectedEnvironment, type DetectOptions } from './detect/detect-environment.js';
import type { PromptIo } from './prompt-io.js';
import { checkRole, validateWholeAnswers, type AnswerSources } from './validate-answers.js';
import type { WizardAnswers } from './wizard-answers.js';

/** How to collect the answers. Everything but `mode` and `interactive` has a default. */
export interface CollectAnswersOptions {
  readonly mode: AnswerMode;
  /** True when questions may be asked (see isInteractive); without, a missing answer is an error. */
  readonly interactive: boolean;
  /** From parseWizardArgs. */
  readonly flags?: RawAnswers;
  readonly answersFile?: string | undefined;
  /** Defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** join: the cluster's settings, from the peer. The cluster-wide answers are taken from here and checked locally. */
  readonly cluster?: ClusterAnswers | undefined;
  /** reconfigure: this node's current answers, the defaults. */
  readonly current?: Partial<WizardAnswers> | undefined;
  /** What was found on this machine; detected (with `detect`) when not given. */
  readonly detected?: DetectedEnvironment;
  readonly detect?: DetectOptions;
  readonly fs?: InstallationFs;
  /** For relative paths (answers file, Mesos source); defaults to process.cwd(). */
  readonly cwd?: string;
  readonly prompt?: PromptIo;
}

/** The answers, where each came from, and what the installation checks found. */
export interface CollectedAnswers {
  readonly answers: WizardAnswers;
  readonly sources: AnswerSources;
  readonly installations: { readonly jdk: JdkFacts; readonly spark: SparkFacts; readonly scala: ScalaFacts | undefined };
  readonly detected: DetectedEnvironment;
}

/** The order answers are settled and asked in: each may depend on the ones before it. */
export const ANSWER_ORDER: readonly AnswerName[] = [
  'prefix', 'javaHome', 'sparkHome', 'scalaHome', 'mesosSource', 'mesosVersion', 'mesosSha256', 'hostname', 'master', 'slaves', 'advertise', 'role',
];

const ASKED: Readonly<Record<AnswerMode, readonly AnswerName[]>> = {
  create: ['prefix', 'javaHome', 'sparkHome', 'scalaHome', 'mesosSource', 'master', 'slaves', 'advertise'],
  reconfigure: ['prefix', 'javaHome', 'sparkHome', 'scalaHome', 'mesosSource', 'master', 'slaves', 'advertise'],
  join: ['mesosSource', 'advertise', 'role'],
};

/**
 * Collects every answer: flag > environment > answers file > prompt (with the detected default) > default. Given
 * answers are all checked first, and every problem comes back at once (INVALID_ANSWERS), before anything is asked.
 * Without a terminal, answers that are needed and have no sure default are listed in one MISSING_ANSWERS error.
 * `--yes` plays no part: it accepts the plan, it never answers a question.
 */
export async function collectAnswers(options: CollectAnswersOptions): Promise<CollectedAnswers> {
  const env = options.env ?? process.env;
  const fs = options.fs ?? nodeInstallationFs;
  const cwd = options.cwd ?? process.cwd();
  const file = options.answersFile === undefined ? {} : await readAnswersFile(options.answersFile, { fs, cwd });
  const given = mergeByPrecedence(givenFrom(options.flags ?? {}, { kind: 'flag' }), answersFromEnv(env), file);
  const detected = options.detected ?? (await detectEnvironment({ fs, env, cwd, ...options.detect }));
  const state = new CollectState({ mode: options.mode, known: {}, given, fs, cwd, cluster: options.cluster });

  const settleRest = async (name: AnswerName): Promise<void> => {
    if (state.settled.has(name)) return;
    const preset = defaultFor(name, { mode: options.mode, detected, known: state.known, given, current: options.current });
    const required = state.isRequired(name);
    const asked = ASKED[options.mode].includes(name) && !(name === 'scalaHome' && state.sparkEra() === 'modern');
    if (preset?.certain === true && !(options.interactive && asked)) {
      // Without a terminal a failing default is a problem; with one, the question is asked instead.
      if ((await state.settle(name, preset.value, { kind: preset.from }, !options.interactive)) || !options.interactive) return;
    }
    if (options.interactive && (asked || required)) {
      const raw = await askAnswer(name, preset, { check: state.context(), detected, required, io: options.prompt ?? {} });
      await state.settle(name, raw, { kind: 'prompt' }, true);
    } else if (required) {
      state.missing.push({ name, ...noteFor(name, preset, state, detected) });
    }
  };
  if (options.interactive) {
    // Every given answer is checked before the first question, so a typo in a flag is not found after ten answers.
    for (const name of ANSWER_ORDER) await state.settleGiven(name);
    state.throwIfProblems(env);
    for (const name of ANSWER_ORDER) await settleRest(name);
  } else {
    // In order, defaults included, so the checks that look at earlier answers (a loopback address among other hosts) all run.
    for (const name of ANSWER_ORDER) {
      await state.settleGiven(name);
      await settleRest(name);
    }
    state.addRoleProblems();
  }
  state.throwIfProblems(env);

  const answers = state.complete();
  const problems = validateWholeAnswers(answers, state.sources(), options.mode);
  if (problems.length > 0) throw invalidAnswersError(problems);
  const { jdk, spark, scala } = state.facts;
  if (jdk === undefined || spark === undefined) throw new Error('the JDK and Spark checks found nothing, yet raised no problem');
  return { answers, sources: state.sources(), installations: { jdk, spark, scala }, detected };
}

function noteFor(name: AnswerName, preset: AnswerDefault | undefined, state: CollectState, detected: DetectedEnvironment): { note?: string } {
  if (name === 'javaHome') return { note: foundNote(detected.jdks, 'JDK') };
  if (name === 'sparkHome') return { note: foundNote(detected.sparks, 'Spark installation') };
  if (name === 'scalaHome') return { note: `Spark ${state.facts.spark?.version ?? '0.x'} needs it; ${foundNote(detected.scalas, 'Scala installation')}` };
  if (name === 'advertise' && preset !== undefined) return { note: `this host has several addresses: ${detected.addresses.join(', ')}` };
  return {};
}

/** The answers settled so far, their sources, problems and missing answers. */
class CollectState {
  readonly known: KnownAnswers = {};
  readonly settled = new Set<AnswerName>();
  readonly problems: Problem[] = [];
  readonly missing: MissingAnswer[] = [];
  facts: InstallationFacts = {};
  readonly #sources: Partial<Record<AnswerName, AnswerSource>> = {};
  readonly #base: AnswerCheckContext;

  constructor(base: AnswerCheckContext) {
    this.#base = base;
  }

  context(): AnswerCheckContext {
    return { ...this.#base, known: this.known };
  }

  sparkEra(): 'classic' | 'modern' | 'unknown' {
    return this.facts.spark?.support.era ?? 'unknown';
  }

  isRequired(name: AnswerName): boolean {
    if (name === 'mesosSha256') return false;
    if (name === 'scalaHome') return this.sparkEra() === 'classic';
    return true;
  }

  /** Settles a given answer, or (join) a cluster-wide one from the cluster, checking a given one against it. */
  async settleGiven(name: AnswerName): Promise<void> {
    const given = this.#base.given[name];
    const cluster = this.#base.cluster;
    if (this.#base.mode === 'join' && cluster !== undefined && answerSpec(name).scope === 'cluster') {
      const theirs = (cluster as Partial<Record<AnswerName, RawAnswerValue>>)[name];
      if (given !== undefined && !sameAnswer(given.value, theirs)) {
        const expected = theirs === undefined ? `no ${name}: the cluster has none` : `the cluster's ${name}, ${JSON.stringify(theirs)} (the same on every node)`;
        this.problems.push({ field: sourceLabel(name, given.source), value: given.value, expected });
      }
      await this.settle(name, theirs, { kind: 'cluster' }, true);
    } else if (given !== undefined) {
      await this.settle(name, given.value, given.source, true);
    }
  }

  /** Checks and records an answer (undefined: settled as unset). A failed check is recorded as a problem when `report`. */
  async settle(name: AnswerName, raw: RawAnswerValue | undefined, source: AnswerSource, report: boolean): Promise<boolean> {
    if (raw === undefined) {
      this.settled.add(name);
      this.#sources[name] = source;
      return true;
    }
    const checked = await checkAnswer(name, raw, source, this.context());
    if (checked.problems.length > 0) {
      if (report) {
        this.problems.push(...checked.problems);
        this.settled.add(name);
      }
      return false;
    }
    (this.known as Record<AnswerName, unknown>)[name] = checked.value;
    this.facts = { ...this.facts, ...checked.facts };
    this.settled.add(name);
    this.#sources[name] = source;
    return true;
  }

  /** The role against the master and the slaves, when those are settled: reported with the other problems. */
  addRoleProblems(): void {
    const { master, slaves, hostname, advertise, role } = this.known;
    if (this.problems.length === 0 || master === undefined || slaves === undefined || hostname === undefined || advertise === undefined || role === undefined) return;
    this.problems.push(...checkRole({ master, slaves, hostname, advertise, role }, this.sources(), this.#base.mode));
  }

  throwIfProblems(env: NodeJS.ProcessEnv): void {
    if (this.problems.length > 0) throw invalidAnswersError(this.problems, this.missing, env);
    if (this.missing.length > 0) throw missingAnswersError(this.missing, env);
  }

  sources(): AnswerSources {
    const all: Partial<Record<AnswerName, AnswerSource>> = {};
    for (const name of ANSWER_ORDER) all[name] = this.#sources[name] ?? { kind: 'default' };
    return all as AnswerSources;
  }

  complete(): WizardAnswers {
    const k = this.known;
    const { prefix, javaHome, sparkHome, mesosSource, mesosVersion, master, slaves, role, hostname, advertise } = k;
    if (prefix === undefined || javaHome === undefined || sparkHome === undefined || mesosSource === undefined || mesosVersion === undefined ||
      master === undefined || slaves === undefined || role === undefined || hostname === undefined || advertise === undefined) {
      throw new Error(`answers left unsettled: ${ANSWER_ORDER.filter((n) => k[n] === undefined).join(', ')}`);
    }
    return { prefix, javaHome, scalaHome: k.scalaHome, sparkHome, mesosSource, mesosSha256: k.mesosSha256, mesosVersion, master, slaves, role, hostname, advertise };
  }
}

/** Two answers are the same setting: paths compared without trailing slashes, lists item by item. */
function sameAnswer(a: RawAnswerValue, b: RawAnswerValue | undefined): boolean {
  if (b === undefined) return false;
  const norm = (v: RawAnswerValue): string => (typeof v === 'string' ? (v.startsWith('/') ? normalizePath(v) : v) : v.join('\n'));
  return norm(a) === norm(b);
}
