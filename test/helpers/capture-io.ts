import { Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/run-cli.js';

/** A CliIo whose output is kept in strings. */
export function captureIo(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        append(chunk.toString());
        done();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env,
    out: () => out,
    err: () => err,
  };
}
