import { execa } from 'execa';
import { shellCommandLine } from '../../src/formats/shell-word.js';

/** Escape sequences out, carriage returns out: the screen's text as a person reads it, roughly. */
export function plainText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\u001b[()][A-Z0-9]/g, '').replaceAll('\r', '');
}

function startInTerminal(argv: readonly string[], env: Record<string, string>) {
  return execa('script', ['-qfec', shellCommandLine(argv), '/dev/null'], {
    // A person at a terminal: CI is not set there, even when these tests run in CI.
    stdin: 'pipe', reject: false, buffer: false, env: { TERM: 'xterm-256color', COLUMNS: '120', LINES: '40', CI: '', ...env }, extendEnv: true,
  });
}

/**
 * A program in a real pseudo-terminal (util-linux `script`), typed at like a person: wait for text on the screen,
 * then type. Every wait is bounded.
 */
export class PtySession {
  readonly #process: ReturnType<typeof startInTerminal>;
  #raw = '';
  #consumed = 0;

  constructor(argv: readonly string[], env: Record<string, string> = {}) {
    this.#process = startInTerminal(argv, env);
    this.#process.stdout?.on('data', (chunk: Buffer) => {
      this.#raw += chunk.toString('utf8');
    });
  }

  /** Everything shown so far, escape sequences removed. */
  get screen(): string {
    return plainText(this.#raw);
  }

  /** Waits until `pattern` appears after the last thing waited for; returns the match. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen.slice(this.#consumed);
      const match = pattern.exec(text);
      if (match !== null) {
        this.#consumed += (match.index ?? 0) + match[0].length;
        return match;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the screen ends with:\n${this.screen.slice(-1500)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Types keys (use '\r' for Enter, '\x03' for Ctrl-C). */
  type(keys: string): void {
    this.#process.stdin?.write(keys);
  }

  /** Waits for the program to end; its exit code. */
  async exit(timeoutMs = 120_000): Promise<number | undefined> {
    const timer = setTimeout(() => this.#process.kill('SIGKILL'), timeoutMs);
    const result = await this.#process;
    clearTimeout(timer);
    return result.exitCode;
  }

  kill(): void {
    this.#process.kill('SIGKILL');
  }
}
