import confirm from '@inquirer/confirm';
import { dispatchCommand } from '../src/cli/commands.js';
import type { CliIo } from '../src/cli/run-cli.js';
import { ToolError } from '../src/errors.js';
import { askMode, collectAnswers, isInteractive, parseWizardArgs, resolveJoinTarget, type ParsedWizardArgs, type PromptIo } from './answers/index.js';
import type { WizardMode } from './answers/wizard-answers.js';
import { currentAnswers } from './commands/current-answers.js';
import { WIZARD_HELP } from './help.js';
import { systemdServiceInstaller } from './steps/systemd-installer.js';
import { systemPaths, type SystemPaths } from './system-paths.js';

// What runs after the questions (the steps, execa, the progress view) loads after them: the first question comes first.
const loadSetupNode = () => import('./commands/setup-node.js');
const loadUninstall = () => import('./commands/uninstall.js');

const PROGRAM = 'spark-mesos-setup';

/** Where questions are asked: the process's terminal (the CLI's edge; tests drive the modules below it). */
export interface WizardIo extends CliIo {
  /** Default: process.stdin. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** Runs one mode with an interrupt signal: Ctrl-C aborts what is running and the program exits 130. */
async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function runMode(mode: WizardMode, command: WizardMode | 'menu', args: readonly string[], wizardIo: WizardIo): Promise<number> {
  const io = { ...wizardIo, stdin: wizardIo.stdin ?? process.stdin };
  const parsed = parseWizardArgs(command, args);
  const paths = systemPaths(parsed.run.root ?? '/');
  const interactive = isInteractive(io.stdin, io.env);
  if (mode === 'uninstall') return (await loadUninstall()).uninstallNode(parsed.run, paths, io);
  return withInterrupt(async (signal) => {
    const prompt = { input: io.stdin, output: io.stdout, signal };
    if (mode === 'join') return joinMode(parsed, interactive, prompt, io, paths, signal);
    const current = mode === 'reconfigure' ? await currentAnswers(paths) : undefined;
    if (mode === 'reconfigure' && current === undefined) {
      throw new ToolError('NOT_SET_UP', `this node has not been set up (no ${paths.mesosdConfig})`, { hint: 'run `spark-mesos-setup create` or `join` first' });
    }
    const collected = await collectAnswers({
      mode, interactive, flags: parsed.flags, answersFile: parsed.answersFile, env: io.env, prompt, current,
    });
    const { setupNode } = await loadSetupNode();
    return setupNode(collected, parsed.run, {
      io, paths, signal,
      service: systemdServiceInstaller(io.env),
      confirm: interactive ? (message) => confirm({ message, default: true }, { input: io.stdin, output: io.stdout, signal }) : undefined,
    });
  });
}

/** join: the cluster's settings from the peer, this node's own answers, then the setup with a join step in it. */
async function joinMode(parsed: ParsedWizardArgs, interactive: boolean, prompt: PromptIo, io: WizardIo & { stdin: NonNullable<WizardIo['stdin']> },
  paths: SystemPaths, signal: AbortSignal): Promise<number> {
  const { peerOf, fetchClusterState, clusterAnswersOf } = await import('./commands/join-cluster.js');
  const { joinStep } = await import('./steps/join-step.js');
  const { settingsOf } = await import('../src/state/index.js');
  const run = await resolveJoinTarget(parsed.run, { interactive, env: io.env, prompt });
  const peer = peerOf(run.joinPeer ?? '', run.token);
  const cluster = settingsOf(await fetchClusterState(peer));
  const collected = await collectAnswers({
    mode: 'join', interactive, flags: parsed.flags, answersFile: parsed.answersFile, env: io.env, prompt, cluster: clusterAnswersOf(cluster),
  });
  const { answers } = collected;
  const { setupNode } = await loadSetupNode();
  return setupNode(collected, run, {
    io, paths, signal, service: systemdServiceInstaller(io.env),
    confirm: interactive ? (message) => confirm({ message, default: true }, { input: io.stdin, output: io.stdout, signal }) : undefined,
    join: (stateDir) => joinStep(peer, answers.advertise, answers.role, stateDir),
  });
}

export function wizardMain(argv: readonly string[], io: WizardIo): Promise<number> {
  const mode = (name: WizardMode) => (args: readonly string[]) => runMode(name, name, args, io);
  return dispatchCommand({
    program: PROGRAM,
    help: WIZARD_HELP,
    commands: {
      '': async (args) => {
        parseWizardArgs('menu', args); // a bad option is a usage error before any question
        const stdin = io.stdin ?? process.stdin;
        const chosen = await withInterrupt((signal) =>
          askMode({ interactive: isInteractive(stdin, io.env), env: io.env, prompt: { input: stdin, output: io.stdout, signal } }));
        return runMode(chosen, 'menu', args, io);
      },
      create: mode('create'),
      join: mode('join'),
      reconfigure: mode('reconfigure'),
      uninstall: mode('uninstall'),
    },
  }, argv, io);
}
