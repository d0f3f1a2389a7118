import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { render } from '@inquirer/testing';
import { ToolError } from '../../../../src/errors.js';
import { exitCodeFor } from '../../../../src/cli/run-cli.js';
import { collectAnswers, type CollectAnswersOptions, type CollectedAnswers } from '../../../../wizard/answers/collect-answers.js';
import { MESOS_0_9_0_URL } from '../../../../wizard/answers/mesos-source.js';
import type { PromptIo } from '../../../../wizard/answers/prompt-io.js';
import { JDK8 } from '../../model/installation-tree.js';
import { detectedHost, JRE17_TREE, makeInstallations, scalaTree, type Installations } from './answers-fixtures.js';

let at: Installations;
beforeAll(async () => {
  at = await makeInstallations();
});
afterAll(async () => {
  await at.tree.remove();
});

/** The whole question flow as one prompt, so render() can drive it; detection is skipped unless `detect` is given. */
function flow(options: Partial<CollectAnswersOptions>) {
  return (_config: object, context?: PromptIo): Promise<CollectedAnswers> =>
    collectAnswers({ mode: 'create', interactive: true, env: {}, cwd: at.tree.root, ...(options.detect === undefined ? { detected: detectedHost() } : {}), ...options, prompt: context ?? {} });
}

type Rendered = Awaited<ReturnType<typeof render<CollectedAnswers, object>>>;

/** Waits (renders, with a deadline) until the screen shows `text`: checks run on disk between questions. */
async function showing(r: Rendered, text: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!r.getScreen().includes(text) && Date.now() < deadline) {
    await Promise.race([r.nextRender(), new Promise((resolve) => setTimeout(resolve, 100))]);
  }
  expect(r.getScreen()).toContain(text);
}

/** Types an answer over whatever is on the line and presses enter. */
function answerWith(r: Rendered, text: string): void {
  r.events.keypress({ name: 'u', ctrl: true });
  r.events.type(text);
  r.events.keypress('enter');
}

async function rejection(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('asking for answers', () => {
  test('typing the answers; defaults taken with enter', async () => {
    const r = await render(flow({}), {});
    expect(r.getScreen()).toBe('? Install prefix for Mesos (/usr/local)');
    r.events.keypress('enter');
    await showing(r, '? JAVA_HOME: the JDK to build Mesos with');
    answerWith(r, at.jdk);
    await showing(r, '? Spark home: the Spark installation to configure');
    answerWith(r, at.spark);
    await showing(r, `? Mesos source (a directory, a .tar.gz or an http(s) URL) (${MESOS_0_9_0_URL})`);
    r.events.keypress('enter');
    await showing(r, '? Master host (node1)');
    r.events.keypress('enter');
    await showing(r, '? Slave hosts (separated by commas) (node1)');
    answerWith(r, 'node1, node2');
    await showing(r, '? Address this node advertises to the others (10.0.0.5)');
    r.events.keypress('enter');
    const got = await r.answer;
    expect(got.answers).toMatchObject({ prefix: '/usr/local', javaHome: at.jdk, sparkHome: at.spark, scalaHome: undefined, master: 'node1', slaves: ['node1', 'node2'], advertise: '10.0.0.5', role: 'both' });
    expect(got.sources).toMatchObject({ prefix: { kind: 'prompt' }, javaHome: { kind: 'prompt' }, role: { kind: 'default' } });
  });

  test('a bad answer is asked again with the reason', async () => {
    const jre = await at.tree.lay('jvm/jre-17', JRE17_TREE);
    const r = await render(flow({ flags: { prefix: '/usr/local' } }), {});
    expect(r.getScreen()).toBe('? JAVA_HOME: the JDK to build Mesos with');
    answerWith(r, 'jvm/jdk-17');
    await showing(r, '> expected an absolute path (starting with /)');
    answerWith(r, jre);
    await showing(r, '> expected a JDK (this looks like a JRE: no bin/javac); expected a JDK with include/jni.h (Mesos builds its Java binding against it)');
    answerWith(r, at.jdk);
    await showing(r, '? Spark home');
    answerWith(r, at.tree.root);
    await showing(r, '> expected a Spark home (a directory with conf/)');
    r.events.keypress({ name: 'c', ctrl: true });
    const error = await rejection(r.answer);
    expect(error.code).toBe('INTERRUPTED');
  });

  test('selecting a detected JDK; Scala is asked for a Spark 0.x', async () => {
    const jdk8 = await at.tree.lay('usr/lib/jvm/java-8-openjdk-amd64', JDK8);
    await at.tree.lay('usr/lib/jvm/java-17-openjdk-amd64', { ...JDK8, release: 'JAVA_VERSION="17.0.15"\n' });
    await at.tree.lay('usr/share/scala-2.10', scalaTree('2.10.7'));
    const detect = { root: at.tree.root, env: {}, hostname: () => 'node1', networkInterfaces: () => ({}) };
    const r = await render(flow({ detect, flags: { prefix: '/usr/local', sparkHome: at.oldSpark } }), {});
    await showing(r, '? JAVA_HOME: the JDK to build Mesos with');
    expect(r.getScreen()).toContain('❯ ');
    expect(r.getScreen()).toMatch(/java-17-openjdk-amd64 {2}\(JDK 17\.0\.15\)\n.*java-8-openjdk-amd64 {2}\(JDK 1\.8\.0_392\)\n.*another…/);
    r.events.keypress('down');
    r.events.keypress('enter');
    await showing(r, '? Scala home (SCALA_HOME, for Spark 0.x)');
    expect(r.getScreen()).toContain('scala-2.10  (Scala 2.10.7)');
    expect(r.getScreen()).not.toContain('none (');
    r.events.keypress('enter');
    await showing(r, '? Mesos source');
    r.events.keypress('enter');
    await showing(r, '? Master host (node1)');
    r.events.keypress('enter');
    await showing(r, '? Slave hosts');
    r.events.keypress('enter');
    await showing(r, '? Address this node advertises to the others (127.0.0.1)');
    r.events.keypress('enter');
    const got = await r.answer;
    expect(got.answers).toMatchObject({ javaHome: jdk8, scalaHome: `${at.tree.root}/usr/share/scala-2.10`, advertise: '127.0.0.1' });
    expect(got.installations.jdk.major).toBe(8);
    expect(got.installations.scala?.version).toBe('2.10.7');
  });

  test('given answers are not asked; a bad given answer fails before the first question', async () => {
    const all = { javaHome: at.jdk, sparkHome: at.spark, master: 'node1', slaves: ['node1'], prefix: '/usr/local', mesosSource: MESOS_0_9_0_URL };
    const r = await render(flow({ flags: all, detected: detectedHost('node1', ['10.0.0.5', '192.168.1.9']) }), {});
    expect(r.getScreen()).toContain('? Address this node advertises to the others');
    expect(r.getScreen()).toContain('❯ 10.0.0.5\n  192.168.1.9\n  another…');
    r.events.keypress('down');
    r.events.keypress('enter');
    expect((await r.answer).answers.advertise).toBe('192.168.1.9');

    const bad = await render(flow({ flags: { ...all, javaHome: 'relative', advertise: 'no-address' } }), {});
    const error = await rejection(bad.answer);
    expect(error.message).toBe([
      'the answers are not valid: 2 problems',
      '  - --java-home: "relative" is not valid; expected an absolute path (starting with /)',
      '  - --advertise: "no-address" is not valid; expected an IPv4 or IPv6 address',
    ].join('\n'));
    expect(bad.getScreen()).toBe('');
  });

  test('a loopback address is refused when the cluster has other hosts', async () => {
    const given = { javaHome: at.jdk, sparkHome: at.spark, master: 'node1', slaves: ['node1', 'node2'], prefix: '/usr/local', mesosSource: MESOS_0_9_0_URL };
    const r = await render(flow({ flags: given, detected: detectedHost('node1', []) }), {});
    expect(r.getScreen()).toBe('? Address this node advertises to the others (127.0.0.1)');
    r.events.keypress('enter');
    await showing(r, '> expected an address the other hosts can reach, not a loopback address (the cluster also has node2)');
    answerWith(r, '10.0.0.5');
    expect((await r.answer).answers.advertise).toBe('10.0.0.5');
  });

  test('joining: only the local questions; the role is a slave unless this node is the master', async () => {
    const cluster = { prefix: '/usr/local', javaHome: at.jdk, scalaHome: undefined, sparkHome: at.spark, mesosVersion: '0.9.0', master: 'node1', slaves: ['node1'] };
    const r = await render(flow({ mode: 'join', cluster, detected: detectedHost('node2', ['10.0.0.6']) }), {});
    expect(r.getScreen()).toBe(`? Mesos source (a directory, a .tar.gz or an http(s) URL) (${MESOS_0_9_0_URL})`);
    answerWith(r, 'mesos-0.9.0');
    await showing(r, '? Address this node advertises to the others (10.0.0.6)');
    r.events.keypress('enter');
    await showing(r, "? This node's role");
    expect(r.getScreen()).toContain("❯ slave: runs Spark tasks (mesos-slave)\n- both: master and slave (the cluster's master is node1)\n- master only (the cluster's master is node1)");
    r.events.keypress('enter');
    const got = await r.answer;
    expect(got.answers).toMatchObject({ mesosSource: at.mesosDir, advertise: '10.0.0.6', role: 'slave', javaHome: at.jdk, master: 'node1' });
    expect(got.sources).toMatchObject({ javaHome: { kind: 'cluster' }, mesosSource: { kind: 'prompt' }, hostname: { kind: 'default' } });
  });

  test('Ctrl-C and the abort signal interrupt (exit 130)', async () => {
    const r = await render(flow({}), {});
    r.events.keypress({ name: 'c', ctrl: true });
    const error = await rejection(r.answer);
    expect(error.message).toBe('interrupted while asking: Install prefix for Mesos');
    expect(exitCodeFor(error)).toBe(130);

    const controller = new AbortController();
    const aborted = await render(flow({}), {}, { signal: controller.signal });
    controller.abort();
    expect((await rejection(aborted.answer)).code).toBe('INTERRUPTED');
  });
});
