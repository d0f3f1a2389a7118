import { execa } from 'execa';

/** What a command did: its exit code and output (never thrown for a non-zero exit). */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The command line, for messages. */
  readonly command: string;
}

export interface CommandOptions {
  readonly timeoutMs?: number;
  readonly input?: string;
  /** The whole environment (nothing inherited) when given. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs a program on the host (argv, never a shell string) and returns its result; bounded by a timeout. */
export async function runCommand(file: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  const result = await execa(file, [...args], {
    reject: false,
    timeout: options.timeoutMs ?? 60_000,
    forceKillAfterDelay: 2000,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    ...(options.env === undefined ? {} : { env: { ...options.env }, extendEnv: false }),
  });
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    exitCode: result.exitCode ?? (result.timedOut ? 124 : 1),
    stdout: text(result.stdout),
    stderr: text(result.stderr) || (result.failed && result.exitCode === undefined ? (result.shortMessage ?? '') : ''),
    command: [file, ...args].join(' '),
  };
}

/** The error for a command that failed, with what it printed. */
export function commandFailed(result: CommandResult): Error {
  const output = [result.stderr.trim(), result.stdout.trim()].filter((s) => s !== '').join('\n').split('\n').slice(-20).join('\n');
  return new Error(`\`${result.command}\` exited with ${result.exitCode}${output === '' ? '' : `:\n${output}`}`);
}

/** Runs a program on the host and returns its stdout; throws with its output when it fails. */
export async function runOk(file: string, args: readonly string[], options: CommandOptions = {}): Promise<string> {
  const result = await runCommand(file, args, options);
  if (result.exitCode !== 0) throw commandFailed(result);
  return result.stdout;
}

/** Polls `probe` until it returns a value other than undefined; throws after `timeoutMs` naming what was awaited. */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; lastSeen?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const seen = options.lastSeen?.();
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${seen === undefined ? '' : ` (last seen: ${seen})`}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
