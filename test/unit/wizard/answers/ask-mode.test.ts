import { describe, expect, test } from '@jest/globals';
import { render } from '@inquirer/testing';
import { ToolError } from '../../../../src/errors.js';
import { exitCodeFor } from '../../../../src/cli/run-cli.js';
import { askMode, resolveJoinTarget } from '../../../../wizard/answers/ask-mode.js';
import { isInteractive, type PromptIo } from '../../../../wizard/answers/prompt-io.js';
import type { WizardRunOptions } from '../../../../wizard/answers/wizard-answers.js';

const RUN: WizardRunOptions = { yes: false, dryRun: false, noSystemd: false, logFile: undefined, root: undefined, joinPeer: undefined, token: undefined };

async function rejection(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('the menu', () => {
  test('offers the four modes', async () => {
    const r = await render((_c: object, context?: PromptIo) => askMode({ interactive: true, prompt: context ?? {} }), {});
    expect(r.getScreen()).toContain('? What should this node do?\n❯ Create a new cluster\n  Join an existing cluster\n  Reconfigure this node\n  Uninstall from this node');
    r.events.keypress('down');
    r.events.keypress('enter');
    await expect(r.answer).resolves.toBe('join');
  });

  test('without a terminal there is no menu: a usage error', async () => {
    const error = await rejection(askMode({ interactive: false, env: {} }));
    expect(error.message).toBe('spark-mesos-setup: no command given, and no terminal to show the menu on (standard input is not a terminal)');
    expect(exitCodeFor(error)).toBe(2);
  });
});

describe('the peer and token of a join', () => {
  test('--token beats the environment; the variable serves without a terminal', async () => {
    const run = { ...RUN, joinPeer: 'node1' };
    expect(await resolveJoinTarget({ ...run, token: 'flag' }, { interactive: false, env: { SPARK_MESOS_SETUP_TOKEN: 'env' } })).toMatchObject({ token: 'flag' });
    expect(await resolveJoinTarget(run, { interactive: false, env: { SPARK_MESOS_SETUP_TOKEN: 'env' } })).toMatchObject({ joinPeer: 'node1', token: 'env' });
  });

  test('a missing token without a terminal is MISSING_ANSWERS naming --token and its variable', async () => {
    const error = await rejection(resolveJoinTarget({ ...RUN, joinPeer: 'node1' }, { interactive: false, env: { CI: '1' } }));
    expect(error.code).toBe('MISSING_ANSWERS');
    expect(error.message).toBe("1 answer is missing, and there is no terminal to ask for it (CI is set):\n  --token TOKEN  or SPARK_MESOS_SETUP_TOKEN  the cluster's token, printed by the first node's setup");
  });

  test('asked in a terminal: the peer checked, the token not echoed', async () => {
    const r = await render((_c: object, context?: PromptIo) => resolveJoinTarget(RUN, { interactive: true, env: {}, prompt: context ?? {} }), {});
    expect(r.getScreen()).toBe('? Host of a node of the cluster (HOST[:PORT])');
    r.events.type('node1:99999');
    r.events.keypress('enter');
    await r.nextRender();
    expect(r.getScreen()).toContain('> expected HOST[:PORT] with PORT a port number from 1 to 65535');
    r.events.keypress({ name: 'u', ctrl: true });
    r.events.type('node1:5055');
    r.events.keypress('enter');
    await r.nextRender();
    expect(r.getScreen()).toContain("? Cluster token (printed by the first node's setup)");
    r.events.type('s3cret');
    expect(r.getScreen()).not.toContain('s3cret');
    r.events.keypress('enter');
    await expect(r.answer).resolves.toMatchObject({ joinPeer: 'node1:5055', token: 's3cret' });
  });
});

describe('isInteractive', () => {
  test('a terminal on input, and CI not set', () => {
    expect(isInteractive({ isTTY: true } as NodeJS.ReadStream, {})).toBe(true);
    expect(isInteractive({ isTTY: true } as NodeJS.ReadStream, { CI: 'true' })).toBe(false);
    expect(isInteractive({ isTTY: true } as NodeJS.ReadStream, { CI: 'false' })).toBe(true);
    expect(isInteractive({} as NodeJS.ReadStream, {})).toBe(false);
  });
});
