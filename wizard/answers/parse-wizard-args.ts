import { isIP } from 'node:net';
import { ToolError, type Problem } from '../../src/errors.js';
import { parseOptions } from '../../src/cli/parse-options.js';
import { checkHost, checkPort } from '../../src/validate/values.js';
import { ANSWER_SPECS, type AnswerName } from './answer-table.js';
import { splitHostList, type RawAnswers, type RawAnswerValue } from './answer-sources.js';
import type { WizardMode, WizardRunOptions } from './wizard-answers.js';

/** A command of the wizard; `menu` is the program run without one. */
export type WizardCommand = WizardMode | 'menu';

/** What the command line says. */
export interface ParsedWizardArgs {
  /** The answers given as flags. */
  readonly flags: RawAnswers;
  /** `--answers FILE`, as given. */
  readonly answersFile: string | undefined;
  readonly run: WizardRunOptions;
}

type OptionConfig = { type: 'string' | 'boolean'; multiple?: boolean; short?: string };

const RUN_OPTIONS: Record<string, OptionConfig> = {
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  'no-systemd': { type: 'boolean' },
  'log-file': { type: 'string' },
  root: { type: 'string' },
};

/** The options a command accepts: uninstall takes no answers; only join (and the menu, which may lead to it) takes --token. */
function optionsFor(command: WizardCommand): Record<string, OptionConfig> {
  if (command === 'uninstall') return { ...RUN_OPTIONS };
  const answers = Object.fromEntries(ANSWER_SPECS.map((s) => [s.flag.slice(2), { type: 'string', multiple: s.list }]));
  const token = command === 'join' || command === 'menu' ? { token: { type: 'string' } } : {};
  return { ...answers, answers: { type: 'string' }, ...RUN_OPTIONS, ...token } as Record<string, OptionConfig>;
}

function usage(command: string, message: string, problems: readonly Problem[] = []): ToolError {
  return new ToolError('USAGE', `${command}: ${message}`, { hint: `see \`${command} --help\``, problems });
}

/**
 * Parses the wizard's command line after the command name (`join` takes `HOST[:PORT]` first). Unknown options and
 * misplaced ones (`--token` outside join, answers with uninstall) are usage errors (exit 2). `--slaves` takes hosts
 * separated by commas or white space, and may be repeated.
 */
export function parseWizardArgs(command: WizardCommand, args: readonly string[]): ParsedWizardArgs {
  const name = command === 'menu' ? 'spark-mesos-setup' : `spark-mesos-setup ${command}`;
  const { values, positionals } = parseOptions(name, args, optionsFor(command), command === 'join');
  const flags: Partial<Record<AnswerName, RawAnswerValue>> = {};
  for (const spec of ANSWER_SPECS) {
    const value = values[spec.flag.slice(2)];
    if (value === undefined) continue;
    if (spec.list) flags[spec.name] = (value as string[]).flatMap(splitHostList);
    else flags[spec.name] = value as string;
  }
  let joinPeer: string | undefined;
  if (command === 'join') {
    const [peer, extra] = positionals;
    if (peer === undefined) throw usage(name, 'expected the host of a node of the cluster: join HOST[:PORT] --token TOKEN');
    if (extra !== undefined) throw usage(name, `unexpected argument ${JSON.stringify(extra)}`);
    const problems = checkPeerAddress(peer);
    if (problems.length > 0) throw usage(name, `${JSON.stringify(peer)} is not valid; expected ${problems[0]?.expected}`, problems);
    joinPeer = peer;
  }
  const text = (key: string): string | undefined => values[key] as string | undefined;
  for (const key of ['answers', 'log-file', 'token']) {
    if (text(key) === '') throw usage(name, `--${key}: an empty value is not valid; expected ${key === 'token' ? 'the cluster token' : 'a file name'}`);
  }
  const root = text('root');
  if (root !== undefined && !root.startsWith('/')) throw usage(name, `--root: ${JSON.stringify(root)} is not valid; expected an absolute directory`);
  return {
    flags,
    answersFile: text('answers'),
    run: {
      yes: values['yes'] === true,
      dryRun: values['dry-run'] === true,
      noSystemd: values['no-systemd'] === true,
      logFile: text('log-file'),
      root,
      joinPeer,
      token: text('token'),
    },
  };
}

/** The parts of `HOST[:PORT]` (`[v6]:PORT` for IPv6 addresses); undefined parts when it does not parse. */
export function splitPeerAddress(text: string): { readonly host: string; readonly port: string | undefined } {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed !== null) return { host: bracketed[1] ?? '', port: bracketed[2] };
  if (isIP(text) === 6) return { host: text, port: undefined };
  const colon = text.lastIndexOf(':');
  return colon < 0 ? { host: text, port: undefined } : { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

/** Problems with a peer address `HOST[:PORT]`, each naming it as `join HOST[:PORT]`. */
export function checkPeerAddress(text: string): Problem[] {
  const field = 'join HOST[:PORT]';
  const { host, port } = splitPeerAddress(text);
  const hostProblem = checkHost(host);
  if (hostProblem !== undefined) return [{ field, value: text, expected: `HOST[:PORT] with HOST ${hostProblem}` }];
  if (port !== undefined && checkPort(port) !== undefined) {
    return [{ field, value: text, expected: `HOST[:PORT] with PORT ${checkPort(port) ?? ''}` }];
  }
  return [];
}
