import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ChildSpec } from './child-spec.js';

/** How a child ended. `spawnError` is set when it never ran (missing binary, permissions). */
export interface ChildExit {
  readonly code: number | undefined;
  readonly signal: string | undefined;
  readonly spawnError: string | undefined;
}

export interface RunningChild {
  readonly pid: number | undefined;
  /** Resolves once, when the process is gone. Never rejects. */
  readonly exited: Promise<ChildExit>;
  signal(signal: NodeJS.Signals): void;
}

export type OutputLine = (stream: 'stdout' | 'stderr', line: string) => void;
export type LaunchChild = (spec: ChildSpec, onLine: OutputLine) => RunningChild;

const SETPRIV = '/usr/bin/setpriv';

function forwardLines(stream: Readable | null | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

/**
 * Starts a child with execa, in a session of its own. Where util-linux's setpriv exists the child gets a parent-death
 * signal, so a `kill -9` of mesosd run in the foreground leaves no orphan (under systemd, KillMode covers the cgroup).
 */
export const launchChild: LaunchChild = (spec, onLine) => {
  const [file, args] = existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'TERM', '--', spec.file, ...spec.args]]
    : [spec.file, [...spec.args]];
  const subprocess = execa(file, args, {
    env: spec.env,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    // A session of its own: a Ctrl-C or a `timeout` aimed at mesosd's process group must not reach the children
    // behind mesosd's back; mesosd stops them itself, in order.
    detached: true,
  });
  forwardLines(subprocess.stdout, (line) => onLine('stdout', line));
  forwardLines(subprocess.stderr, (line) => onLine('stderr', line));
  const exited = subprocess.then(
    (result): ChildExit => ({
      code: result.exitCode,
      signal: result.signal,
      spawnError: result.failed && result.exitCode === undefined && result.signal === undefined
        ? (result.cause instanceof Error ? result.cause.message : result.shortMessage)
        : undefined,
    }),
    (error: unknown): ChildExit => ({ code: undefined, signal: undefined, spawnError: String(error) }),
  );
  return {
    pid: subprocess.pid,
    exited,
    signal: (signal) => {
      subprocess.kill(signal);
    },
  };
};
