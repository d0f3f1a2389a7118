import { answerSpec, type AnswerName } from './answer-table.js';

/** An answer as given, before it is checked: text, or a list of hosts (slaves). */
export type RawAnswerValue = string | readonly string[];

/** Answers as given by one input (flags, environment or a file), before they are checked. */
export type RawAnswers = { readonly [K in AnswerName]?: RawAnswerValue };

/** Where an answer came from; problems name the input this way, as the user gave it. */
export type AnswerSource =
  | { readonly kind: 'flag' }
  | { readonly kind: 'env' }
  | { readonly kind: 'file'; readonly file: string }
  /** join: the cluster's setting, received from the peer. */
  | { readonly kind: 'cluster' }
  /** reconfigure: this node's current setting. */
  | { readonly kind: 'current' }
  | { readonly kind: 'prompt' }
  | { readonly kind: 'default' };

/** One answer as given, with where it came from. */
export interface GivenAnswer {
  readonly value: RawAnswerValue;
  readonly source: AnswerSource;
}

/** The answers given by the inputs, each with its source. */
export type GivenAnswers = { readonly [K in AnswerName]?: GivenAnswer };

/**
 * The input's name in messages: `--java-home`, `SPARK_MESOS_SETUP_JAVA_HOME`, `javaHome in answers.json`,
 * `javaHome (the cluster's)`. `suffix` names a part of a list: `[2]`.
 */
export function sourceLabel(name: AnswerName, source: AnswerSource, suffix = ''): string {
  const spec = answerSpec(name);
  switch (source.kind) {
    case 'flag':
      return spec.flag + suffix;
    case 'env':
      return spec.env + suffix;
    case 'file':
      return `${spec.fileKey}${suffix} in ${source.file}`;
    case 'cluster':
      return `${spec.fileKey}${suffix} (the cluster's)`;
    case 'current':
      return `${spec.fileKey}${suffix} (this node's current setting)`;
    case 'prompt':
      return `${spec.fileKey}${suffix}`;
    case 'default':
      return `${spec.fileKey}${suffix} (default; set ${spec.flag})`;
  }
}

/** Tags every answer of `raw` with `source`. */
export function givenFrom(raw: RawAnswers, source: AnswerSource): GivenAnswers {
  const given: Partial<Record<AnswerName, GivenAnswer>> = {};
  for (const [name, value] of Object.entries(raw) as [AnswerName, RawAnswerValue | undefined][]) {
    if (value !== undefined) given[name] = { value, source };
  }
  return given;
}

/** Merges answers by precedence: the first layer that has an answer wins (flags, then environment, then file). */
export function mergeByPrecedence(...layers: readonly GivenAnswers[]): GivenAnswers {
  const merged: Partial<Record<AnswerName, GivenAnswer>> = {};
  for (const layer of [...layers].reverse()) Object.assign(merged, layer);
  return merged;
}

/** Splits a host list as given on a command line or in the environment: commas and/or white space. */
export function splitHostList(text: string): string[] {
  return text.split(/[\s,]+/).filter((host) => host !== '');
}
