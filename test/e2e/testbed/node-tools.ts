import { journalLines } from '../../../systemd/journal-tail.js';
import type { JournalReader } from '../../../systemd/journal-tail.js';
import type { TestNode } from './test-node.js';

/** Reads a unit's journal inside the node (the host's journalctl would read the host's journal). */
export function nodeJournal(node: TestNode): JournalReader {
  return async (unit, lines) => {
    const result = await node.exec(['journalctl', '-u', unit, '-n', String(lines), '--no-pager'], { timeoutMs: 15_000 });
    return result.exitCode === 0 ? journalLines(result.stdout) : [];
  };
}

// Node programs passed to `node -e`; host and port come in as arguments, never spliced into the program.
// A connection reset (a client that gave up during a partition) must not end the server.
const LISTEN = "require('net').createServer((s) => { s.on('error', () => undefined); s.end('pong\\n'); }).listen(Number(process.argv[1]))";
const CONNECT = `
const socket = require('net').connect({ host: process.argv[1], port: Number(process.argv[2]) });
const give = (code) => { socket.destroy(); process.exit(code); };
socket.setTimeout(Number(process.argv[3]), () => give(2));
socket.on('connect', () => give(0));
socket.on('error', () => give(1));`;

/** A TCP server on `port` inside the node, run by the node's systemd (`systemd-run`) as a transient service. */
export async function startTcpListener(node: TestNode, port: number): Promise<string> {
  const unit = `tb-listen-${port}.service`;
  await node.execOk(['systemd-run', `--unit=${unit}`, '--collect', '/usr/bin/node', '-e', LISTEN, String(port)]);
  return unit;
}

/** Whether a TCP connection from `node` to host:port opens within `timeoutMs` (a bounded, ping-like check). */
export async function tcpConnects(node: TestNode, host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  const result = await node.exec(['/usr/bin/node', '-e', CONNECT, host, String(port), String(timeoutMs)], { timeoutMs: timeoutMs + 10_000 });
  return result.exitCode === 0;
}

/** `systemctl status UNIT` inside the node, as an operator would read it. */
export async function systemctlStatus(node: TestNode, unit: string): Promise<string> {
  return (await node.exec(['systemctl', 'status', '--no-pager', '--lines=0', unit])).stdout;
}
