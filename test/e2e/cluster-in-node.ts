import type { NodeStatus } from '../../src/control/protocol.js';
import { PtySession } from '../helpers/pty-session.js';
import { pollUntil } from './testbed/host-command.js';
import type { TestNode } from './testbed/test-node.js';

/** What the e2e cluster scenarios look at inside the nodes: mesosd's own view, Mesos's endpoints, the wizard in a terminal. */

/** The environment of a login on the node (nothing from the host's), as TestNode.exec gives it, with a real terminal type. */
const TERMINAL_ENV = ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=C.UTF-8', 'HOME=/root', 'TERM=xterm-256color'];

/** `argv` run inside the node from `cwd`, in a pseudo-terminal on the host's side (util-linux `script`). */
export function terminalOnNode(node: TestNode, cwd: string, argv: readonly string[]): PtySession {
  return new PtySession([
    'nsenter', '-t', String(node.pid1), '-a', '--', 'env', '-i', ...TERMINAL_ENV,
    'sh', '-c', 'cd "$1" && shift && exec "$@"', 'sh', cwd, ...argv,
  ]);
}

const DOWN = '\u001b[B';
const CURSOR = '❯';

/**
 * Answers the question on the screen like a person: a text question gets `value` typed over its default (Enter alone
 * for ''); a list gets the arrow pressed until the entry containing `value` is under the cursor, or "another…" and
 * then `value` typed when the list does not offer it. Returns once the question shows as answered (✔), so that the
 * next wait starts after every redraw of this one.
 */
export async function answerQuestion(session: PtySession, question: string, value: string): Promise<void> {
  const asked = `? ${question}`;
  const answered = new RegExp(`✔ ${escapeRegExp(question)}`);
  const at = session.screen.lastIndexOf(asked);
  // A list draws its choices in the same frame as its question: a text question is one with no cursor shortly after.
  const frame = await pollUntil(`the choices of "${question}"`, async () => {
    const text = session.screen.slice(at);
    return text.includes(CURSOR) ? text : undefined;
  }, { timeoutMs: 500, intervalMs: 25 }).catch(() => session.screen.slice(at));
  if (!frame.includes(CURSOR)) {
    // 'none' names the list entry for an optional answer; asked as text, it is left empty.
    session.type(`\u0015${value === 'none' ? '' : value}\r`);
    await session.waitFor(answered);
    return;
  }
  const cursorLine = () => {
    const text = session.screen.slice(at);
    const from = text.lastIndexOf(CURSOR);
    const end = text.indexOf('\n', from);
    return text.slice(from, end === -1 ? undefined : end);
  };
  const wanted = value === '' ? undefined : value;
  for (let presses = 0; presses < 12; presses += 1) {
    const line = cursorLine();
    if (wanted === undefined || line.includes(wanted)) {
      session.type('\r');
      await session.waitFor(answered);
      return;
    }
    if (line.includes('another')) {
      session.type('\r');
      await session.waitFor(answered);
      await session.waitFor(new RegExp(escapeRegExp(asked)));
      await new Promise((resolve) => setTimeout(resolve, 200));
      session.type(`\u0015${value}\r`);
      await session.waitFor(answered);
      return;
    }
    const before = session.screen.length;
    session.type(DOWN);
    await pollUntil('the list to move', async () => (session.screen.length > before ? true : undefined), { timeoutMs: 3_000, intervalMs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no entry "${value}" in the list for "${question}":\n${session.screen.slice(at)}`);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `mesosd status --json` on the node; undefined when mesosd does not answer. */
export async function mesosdStatus(node: TestNode): Promise<NodeStatus | undefined> {
  const answer = await node.exec(['mesosd', 'status', '--json'], { timeoutMs: 15_000 });
  if (answer.exitCode !== 0) return undefined;
  try {
    return JSON.parse(answer.stdout) as NodeStatus;
  } catch {
    return undefined;
  }
}

// A GET from inside the node (the host has no route to the test bed's addresses); the URL comes in as an argument.
const GET_JSON = `
const signal = AbortSignal.timeout(Number(process.argv[2]));
fetch(process.argv[1], { signal }).then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 3); },
  (e) => { process.stderr.write(String(e)); process.exit(2); });`;

/** GETs JSON from a URL as seen from `node`; undefined when there is no good answer. */
export async function getJsonFrom(node: TestNode, url: string, timeoutMs = 3_000): Promise<unknown> {
  const answer = await node.exec(['/usr/bin/node', '-e', GET_JSON, url, String(timeoutMs)], { timeoutMs: timeoutMs + 15_000 });
  if (answer.exitCode !== 0) return undefined;
  try {
    return JSON.parse(answer.stdout) as unknown;
  } catch {
    return undefined;
  }
}

/** A slave as the master's /master/state.json lists it. */
export interface ListedSlave {
  readonly id: string;
  readonly hostname: string;
  readonly pid: string;
  readonly attributes?: Record<string, unknown>;
}

/** The slaves the master lists, or undefined when it does not answer. */
export async function masterSlaves(from: TestNode, master: string): Promise<ListedSlave[] | undefined> {
  const state = await getJsonFrom(from, `http://${master}:5050/master/state.json`) as { slaves?: ListedSlave[] } | undefined;
  return state?.slaves;
}

/** What went on in the nodes, for a failure's message: each node's `mesosd status` and the end of its mesosd journal. */
export async function describeNodes(nodes: readonly TestNode[], journalLines = 30): Promise<string> {
  const parts: string[] = [];
  for (const node of nodes) {
    if (!node.running) {
      parts.push(`----- ${node.name}: down; console log ends:\n${await node.logTail(15)}`);
      continue;
    }
    const status = await node.exec(['mesosd', 'status'], { timeoutMs: 15_000 }).catch((e: unknown) => ({ stdout: '', stderr: String(e) }));
    const journal = await node.exec(['journalctl', '-u', 'mesosd', '-n', String(journalLines), '--no-pager', '-o', 'short-precise'], { timeoutMs: 15_000 })
      .catch((e: unknown) => ({ stdout: String(e), stderr: '' }));
    parts.push(`----- ${node.name}: mesosd status\n${status.stdout}${status.stderr}\n----- ${node.name}: journal of mesosd\n${journal.stdout}`);
  }
  return parts.join('\n');
}

/** Runs `work`; a failure comes back with what the nodes were doing appended. */
export async function explained<T>(nodes: readonly TestNode[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const detail = await describeNodes(nodes).catch((e: unknown) => `(could not describe the nodes: ${String(e)})`);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n\n${detail}`, { cause: error });
  }
}
