import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';

/** The wizard's log file: every line of every command, with the step it belongs to. */
export interface SetupLog {
  readonly path: string;
  line(step: string, text: string): void;
  close(): Promise<void>;
}

/** `<dir>/setup-<time>.log`, e.g. /var/log/spark-mesos-setup/setup-2026-11-25T09-30-00.log. */
export function defaultLogPath(dir: string, now = new Date()): string {
  return join(dir, `setup-${now.toISOString().slice(0, 19).replaceAll(':', '-')}.log`);
}

export function openSetupLog(path: string): SetupLog {
  mkdirSync(dirname(path), { recursive: true });
  const stream: WriteStream = createWriteStream(path, { flags: 'a', mode: 0o640 });
  return {
    path,
    line: (step, text) => {
      stream.write(`${new Date().toISOString()} [${step}] ${text}\n`);
    },
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}
