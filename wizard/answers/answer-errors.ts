import { formatProblem, ToolError, type Problem } from '../../src/errors.js';
import { answerSpec, TOKEN_ENV, type AnswerName } from './answer-table.js';

/** Answers given that are not valid (exit 2): every problem at once, each naming the input as it was given. */
export const INVALID_ANSWERS = 'INVALID_ANSWERS';
/** Answers that are needed and cannot be asked, without a terminal (exit 2). */
export const MISSING_ANSWERS = 'MISSING_ANSWERS';
/** Ctrl-C (or the abort signal) while a question was asked (exit 130). */
export const INTERRUPTED = 'INTERRUPTED';

/** One answer that is needed and was not given: its name (or the cluster token) and why it matters here. */
export interface MissingAnswer {
  readonly name: AnswerName | 'token';
  /** Something to add: `Spark 0.8.1 needs it`, `found here: /usr/lib/jvm/...`. */
  readonly note?: string;
}

/** Why questions cannot be asked: `CI is set` or `standard input is not a terminal`. */
export function noTerminalReason(env: NodeJS.ProcessEnv): string {
  return isCiSet(env) ? 'CI is set' : 'standard input is not a terminal';
}

/** True when `CI` is set to anything but an empty string, `0` or `false`. */
export function isCiSet(env: NodeJS.ProcessEnv): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

function missingRows(missing: readonly MissingAnswer[]): string[] {
  const rows = missing.map((m) => {
    if (m.name === 'token') return { flag: '--token TOKEN', env: TOKEN_ENV, text: "the cluster's token, printed by the first node's setup", note: m.note };
    const spec = answerSpec(m.name);
    return { flag: `${spec.flag} ${spec.valueName}`, env: spec.env, text: spec.description, note: m.note };
  });
  const flagWidth = Math.max(...rows.map((r) => r.flag.length));
  const envWidth = Math.max(...rows.map((r) => r.env.length));
  return rows.map((r) => `  ${r.flag.padEnd(flagWidth)}  or ${r.env.padEnd(envWidth)}  ${r.text}${r.note === undefined ? '' : `; ${r.note}`}`);
}

function missingHint(missing: readonly MissingAnswer[]): string {
  const keys = missing.filter((m) => m.name !== 'token').map((m) => m.name);
  const file = keys.length === 0 ? '' : ` or as keys of an --answers JSON file (${keys.join(', ')})`;
  return `Give each as a flag or an environment variable${file}; or run in a terminal to be asked.`;
}

/** The MISSING_ANSWERS error: every missing answer with its flag and environment variable. */
export function missingAnswersError(missing: readonly MissingAnswer[], env: NodeJS.ProcessEnv): ToolError {
  const count = missing.length === 1 ? '1 answer is missing' : `${missing.length} answers are missing`;
  const message = `${count}, and there is no terminal to ask for ${missing.length === 1 ? 'it' : 'them'} (${noTerminalReason(env)}):\n${missingRows(missing).join('\n')}`;
  return new ToolError(MISSING_ANSWERS, message, {
    hint: missingHint(missing),
    problems: missing.map((m) => ({ field: m.name === 'token' ? '--token' : answerSpec(m.name).flag, value: undefined, expected: m.note ?? 'an answer' })),
  });
}

/** The INVALID_ANSWERS error: every problem, and (without a terminal) the answers that are missing too. */
export function invalidAnswersError(problems: readonly Problem[], missing: readonly MissingAnswer[] = [], env: NodeJS.ProcessEnv = {}): ToolError {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => `  - ${formatProblem(p)}`);
  const also = missing.length === 0 ? [] : [`and ${missing.length === 1 ? '1 answer is' : `${missing.length} answers are`} missing, with no terminal to ask (${noTerminalReason(env)}):`, ...missingRows(missing)];
  return new ToolError(INVALID_ANSWERS, [`the answers are not valid: ${count}`, ...lines, ...also].join('\n'), {
    hint: missing.length === 0 ? 'Correct the answers named above and run again.' : `Correct the answers named above. ${missingHint(missing)}`,
    problems,
  });
}

/** The INTERRUPTED error for Ctrl-C during a question. */
export function interruptedError(question: string, cause: unknown): ToolError {
  return new ToolError(INTERRUPTED, `interrupted while asking: ${question}`, {
    hint: 'Nothing was changed. Run the setup again to continue.',
    cause,
  });
}
