import input from '@inquirer/input';
import select from '@inquirer/select';
import { showValue, type Problem } from '../../src/errors.js';
import { isThisNode } from '../../src/model/cluster-settings.js';
import type { AnswerName } from './answer-table.js';
import { sourceLabel, splitHostList, type AnswerSource, type RawAnswerValue } from './answer-sources.js';
import type { AnswerDefault } from './answer-defaults.js';
import { checkAnswer, type AnswerCheckContext } from './check-answer.js';
import type { DetectedEnvironment } from './detect/detect-environment.js';
import type { InstallationCandidate } from './detect/installation-leads.js';
import { ask, type PromptIo } from './prompt-io.js';

/** What a question needs: the checks' context (with the answers so far), what was detected, where to ask. */
export interface QuestionContext {
  readonly check: AnswerCheckContext;
  readonly detected: DetectedEnvironment;
  /** False for an answer that may stay unset (Scala for a Spark of unknown version): "none" is offered. */
  readonly required: boolean;
  readonly io: PromptIo;
}

/** The questions, as asked. */
export const QUESTIONS: Readonly<Partial<Record<AnswerName, string>>> = {
  prefix: 'Install prefix for Mesos',
  javaHome: 'JAVA_HOME: the JDK to build Mesos with',
  sparkHome: 'Spark home: the Spark installation to configure',
  scalaHome: 'Scala home (SCALA_HOME, for Spark 0.x)',
  mesosSource: 'Mesos source (a directory, a .tar.gz or an http(s) URL)',
  master: 'Master host',
  slaves: 'Slave hosts (separated by commas)',
  advertise: 'Address this node advertises to the others',
  role: "This node's role",
};

const PROMPT: AnswerSource = { kind: 'prompt' };
const OTHER = '\u0000other';
const NONE = '\u0000none';

/** The reason shown under a question when an answer is refused. */
export function refusal(name: AnswerName, problems: readonly Problem[]): string {
  const label = sourceLabel(name, PROMPT);
  return problems.map((p) => (p.field === label ? `expected ${p.expected}` : `${showValue(p.value)}: expected ${p.expected}`)).join('; ');
}

/**
 * Asks for one answer, offering `preset` as the default, and asks again with the reason while the answer fails its
 * checks. Returns the raw answer (undefined for "none" of an optional one).
 */
export async function askAnswer(name: AnswerName, preset: AnswerDefault | undefined, ctx: QuestionContext): Promise<RawAnswerValue | undefined> {
  const question = QUESTIONS[name] ?? name;
  const presetText = preset === undefined ? undefined : typeof preset.value === 'string' ? preset.value : preset.value.join(', ');
  const found = installationsOf(name, ctx.detected);
  if (found !== undefined && (found.length > 0 || !ctx.required)) return askInstallation(name, question, found, presetText, ctx);
  if (name === 'advertise' && ctx.detected.addresses.length > 1) {
    const choices = ctx.detected.addresses.map((address) => ({ value: address, name: address }));
    return askWithOther(name, question, choices, presetText, ctx);
  }
  if (name === 'role') return askRole(question, presetText, ctx);
  return askText(name, question, presetText, ctx);
}

async function askText(name: AnswerName, question: string, preset: string | undefined, ctx: QuestionContext): Promise<RawAnswerValue | undefined> {
  const parse = (text: string): RawAnswerValue => (name === 'slaves' ? splitHostList(text) : text.trim());
  const validate = async (text: string): Promise<string | true> => {
    if (text.trim() === '' && !ctx.required) return true;
    const checked = await checkAnswer(name, parse(text), PROMPT, ctx.check);
    return checked.problems.length === 0 ? true : refusal(name, checked.problems);
  };
  const answer = await ask(ctx.io, question, (context) => input({ message: question, default: preset, validate }, context));
  return answer.trim() === '' && !ctx.required && name !== 'slaves' ? undefined : parse(answer);
}

interface Choice {
  readonly value: string;
  readonly name: string;
  readonly description?: string;
}

async function askWithOther(name: AnswerName, question: string, choices: readonly Choice[], preset: string | undefined, ctx: QuestionContext, noneText?: string): Promise<RawAnswerValue | undefined> {
  const all = [...choices];
  if (preset !== undefined && !all.some((c) => c.value === preset)) all.unshift({ value: preset, name: preset, description: 'the current setting' });
  all.push({ value: OTHER, name: 'another…' });
  if (noneText !== undefined) all.push({ value: NONE, name: noneText });
  const picked = await ask(ctx.io, question, (context) => select({ message: question, choices: all, ...(preset === undefined ? {} : { default: preset }) }, context));
  if (picked === NONE) return undefined;
  if (picked !== OTHER) return picked;
  return askText(name, question, undefined, { ...ctx, required: true });
}

type AnyCandidate = InstallationCandidate<{ readonly version: string | undefined }>;

function installationsOf(name: AnswerName, detected: DetectedEnvironment): readonly AnyCandidate[] | undefined {
  if (name === 'javaHome') return detected.jdks.candidates;
  if (name === 'sparkHome') return detected.sparks.candidates;
  if (name === 'scalaHome') return detected.scalas.candidates;
  return undefined;
}

/** A select of the installations found (newest first), "another…" for a path typed in, and "none" when it may stay unset. */
async function askInstallation(name: AnswerName, question: string, found: readonly AnyCandidate[], preset: string | undefined, ctx: QuestionContext): Promise<RawAnswerValue | undefined> {
  const kind = name === 'javaHome' ? 'JDK' : name === 'sparkHome' ? 'Spark' : 'Scala';
  const choices = found.map((c) => ({
    value: c.home,
    name: c.facts.version === undefined ? `${c.home}  (${kind}, version unknown)` : `${c.home}  (${kind} ${c.facts.version})`,
    description: `found as ${c.foundAs.join(', ')}`,
  }));
  const none = ctx.required ? undefined : 'none (Spark 1.0 and later bring their own Scala)';
  return askWithOther(name, question, choices, preset, ctx, none);
}

/** Joining: a slave, unless this node is the cluster's master already. */
async function askRole(question: string, preset: string | undefined, ctx: QuestionContext): Promise<RawAnswerValue> {
  const master = ctx.check.cluster?.master;
  const { hostname, advertise } = ctx.check.known;
  const self = { hostname: hostname ?? ctx.detected.hostname, advertise: advertise ?? hostname ?? ctx.detected.hostname };
  const mayRunMaster = ctx.check.mode !== 'join' || master === undefined || isThisNode(master, self);
  const reason = `(the cluster's master is ${master ?? 'another node'})`;
  const choices = [
    { value: 'slave', name: 'slave: runs Spark tasks (mesos-slave)' },
    { value: 'both', name: 'both: master and slave', disabled: mayRunMaster ? false : reason },
    { value: 'master', name: 'master only', disabled: mayRunMaster ? false : reason },
  ];
  return ask(ctx.io, question, (context) => select({ message: question, choices, ...(preset === undefined ? {} : { default: preset }) }, context));
}
