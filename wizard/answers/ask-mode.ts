import input from '@inquirer/input';
import password from '@inquirer/password';
import select from '@inquirer/select';
import { TOKEN_ENV } from './answer-table.js';
import { ToolError } from '../../src/errors.js';
import { missingAnswersError, noTerminalReason } from './answer-errors.js';
import { checkPeerAddress } from './parse-wizard-args.js';
import { ask, type PromptIo } from './prompt-io.js';
import type { WizardMode, WizardRunOptions } from './wizard-answers.js';

const MODES: readonly { value: WizardMode; name: string; description: string }[] = [
  { value: 'create', name: 'Create a new cluster', description: 'This node is the first: it becomes the master (and a slave).' },
  { value: 'join', name: 'Join an existing cluster', description: 'Needs the host of a node of the cluster and its token.' },
  { value: 'reconfigure', name: 'Reconfigure this node', description: 'Run the setup again with changed answers.' },
  { value: 'uninstall', name: 'Uninstall from this node', description: 'Stop mesosd and remove what this tool wrote.' },
];

/** How the menu is shown. */
export interface MenuOptions {
  /** Without a terminal there is no menu: a usage error says to give a command. */
  readonly interactive: boolean;
  /** For the reason in that error; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly prompt?: PromptIo;
}

/** The menu of the program run without a command: create, join, reconfigure or uninstall. */
export async function askMode(options: MenuOptions): Promise<WizardMode> {
  if (!options.interactive) {
    throw new ToolError('USAGE', `spark-mesos-setup: no command given, and no terminal to show the menu on (${noTerminalReason(options.env ?? process.env)})`, {
      hint: 'Give a command: create, join HOST[:PORT] --token TOKEN, reconfigure or uninstall (see --help).',
    });
  }
  const io = options.prompt ?? {};
  const question = 'What should this node do?';
  return ask(io, question, (context) => select({ message: question, choices: MODES }, context));
}

/** Where the join's peer and token may come from. */
export interface JoinTargetOptions {
  readonly interactive: boolean;
  /** For the token's variable; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly prompt?: PromptIo;
}

/**
 * The peer and the token for joining: `--token` beats `SPARK_MESOS_SETUP_TOKEN` (which keeps the token out of the
 * process list); what is still missing is asked (the token without echo), or, without a terminal, is a
 * MISSING_ANSWERS error.
 */
export async function resolveJoinTarget(run: WizardRunOptions, options: JoinTargetOptions): Promise<WizardRunOptions> {
  const env = options.env ?? process.env;
  const io = options.prompt ?? {};
  const fromEnv = env[TOKEN_ENV];
  let token = run.token ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv);
  let joinPeer = run.joinPeer;
  if (!options.interactive) {
    if (joinPeer === undefined) throw new ToolError('USAGE', 'spark-mesos-setup join: expected the host of a node of the cluster', { hint: 'spark-mesos-setup join HOST[:PORT] --token TOKEN' });
    if (token === undefined) throw missingAnswersError([{ name: 'token' }], env);
    return { ...run, joinPeer, token };
  }
  if (joinPeer === undefined) {
    const question = 'Host of a node of the cluster (HOST[:PORT])';
    const validate = (text: string): string | true => {
      const problem = checkPeerAddress(text.trim())[0];
      return problem === undefined ? true : `expected ${problem.expected}`;
    };
    joinPeer = (await ask(io, question, (context) => input({ message: question, validate }, context))).trim();
  }
  if (token === undefined) {
    const question = "Cluster token (printed by the first node's setup)";
    const validate = (text: string): string | true => (text.trim() === '' ? 'expected the cluster token' : true);
    token = (await ask(io, question, (context) => password({ message: question, mask: '*', validate }, context))).trim();
  }
  return { ...run, joinPeer, token };
}
