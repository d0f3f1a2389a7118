import { resolve } from 'node:path';
import { assertNoProblems, ToolError, type Problem } from '../../src/errors.js';
import { nodeInstallationFs, type InstallationFs } from '../../src/model/installation-fs.js';
import { isRecord } from '../../src/model/validate-fields.js';
import { ANSWER_SPECS, type AnswerName } from './answer-table.js';
import { splitHostList, type GivenAnswer, type GivenAnswers } from './answer-sources.js';

/** The code of a bad answers file (unreadable, not JSON, unknown keys, wrong types). */
export const BAD_ANSWERS_FILE = 'BAD_ANSWERS_FILE';

/** An answers file is a few hundred bytes; anything near this size is not one. */
const MAX_ANSWERS_FILE = 1024 * 1024;

/**
 * The answers given in the environment (`SPARK_MESOS_SETUP_JAVA_HOME`, ...). An empty variable counts as unset,
 * as shells and unit files make them easily.
 */
export function answersFromEnv(env: NodeJS.ProcessEnv): GivenAnswers {
  const given: Partial<Record<AnswerName, GivenAnswer>> = {};
  for (const spec of ANSWER_SPECS) {
    const value = env[spec.env];
    if (value === undefined || value === '') continue;
    given[spec.name] = { value: spec.list ? splitHostList(value) : value, source: { kind: 'env' } };
  }
  return given;
}

/** Where the answers file is read from. */
export interface AnswersFileOptions {
  /** Defaults to node:fs/promises. */
  readonly fs?: InstallationFs;
  /** Relative file names are read from here; defaults to process.cwd(). */
  readonly cwd?: string;
}

/**
 * Reads an answers file: a JSON object with the answers' camelCase names; strings, and an array of strings for
 * `slaves`; `null` for "not given". Throws one ToolError (`BAD_ANSWERS_FILE`) for an unreadable file, a file that is
 * not JSON, or every unknown key and wrong type at once. Values are checked later, with the other answers.
 */
export async function readAnswersFile(file: string, options: AnswersFileOptions = {}): Promise<GivenAnswers> {
  const fs = options.fs ?? nodeInstallationFs;
  const path = resolve(options.cwd ?? process.cwd(), file);
  const fail = (message: string, hint: string, cause?: unknown): ToolError =>
    new ToolError(BAD_ANSWERS_FILE, `answers file ${file}: ${message}`, { hint, ...(cause === undefined ? {} : { cause }) });
  let text: string;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw fail('not a file', 'Give --answers the path of a JSON file.');
    if (stat.size > MAX_ANSWERS_FILE) throw fail(`${stat.size} bytes is too big for an answers file`, 'Give --answers the path of a JSON file of answers.');
    text = await fs.readFile(path);
  } catch (error) {
    if (error instanceof ToolError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw fail(`cannot be read (${why})`, 'Check the path given to --answers (relative paths start in the current directory).', error);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw fail(`is not JSON (${(error as Error).message})`, 'Write the answers as one JSON object, e.g. {"javaHome": "/usr/lib/jvm/java-17-openjdk-amd64"}.', error);
  }
  if (!isRecord(data)) {
    throw fail('is not a JSON object', 'Write the answers as one JSON object, e.g. {"javaHome": "/usr/lib/jvm/java-17-openjdk-amd64"}.');
  }
  const { given, problems } = answersFromRecord(data, file);
  const hint = `The keys are: ${ANSWER_SPECS.map((s) => s.fileKey).join(', ')}; values are strings, "slaves" is an array of strings.`;
  assertNoProblems(problems, BAD_ANSWERS_FILE, `answers file ${file}`, hint);
  return given;
}

/** The answers of a parsed answers file, with a problem for every unknown key and wrong type. */
export function answersFromRecord(data: Record<string, unknown>, file: string): { given: GivenAnswers; problems: Problem[] } {
  const given: Partial<Record<AnswerName, GivenAnswer>> = {};
  const problems: Problem[] = [];
  const known = ANSWER_SPECS.map((s) => s.fileKey);
  for (const [key, value] of Object.entries(data)) {
    const spec = ANSWER_SPECS.find((s) => s.fileKey === key);
    const field = `${key} in ${file}`;
    if (spec === undefined) {
      const near = ANSWER_SPECS.find((s) => squash(s.fileKey) === squash(key));
      const expected = near === undefined ? `one of the known keys: ${known.join(', ')}` : `a known key (did you mean "${near.fileKey}"? keys are camelCase)`;
      problems.push({ field: `key in ${file}`, value: key, expected });
      continue;
    }
    if (value === null) continue;
    if (spec.list) {
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) given[spec.name] = { value: value as string[], source: { kind: 'file', file } };
      else problems.push({ field, value, expected: 'an array of host names or addresses (strings), e.g. ["node1", "node2"]' });
    } else if (typeof value === 'string') {
      given[spec.name] = { value, source: { kind: 'file', file } };
    } else {
      problems.push({ field, value, expected: `a string (${spec.description})` });
    }
  }
  return { given, problems };
}

/** A key with case, hyphens and underscores ignored, to recognise `java-home` or `JAVA_HOME` as `javaHome`. */
function squash(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}
