import { Writable } from 'node:stream';
import { interruptedError, isCiSet } from './answer-errors.js';

/** Where the questions are asked; injected so tests can drive them (`@inquirer/testing`'s render gives these). */
export interface PromptIo {
  /** Defaults to process.stdin. */
  readonly input?: NodeJS.ReadableStream;
  /** Defaults to process.stdout. */
  readonly output?: NodeJS.WritableStream;
  /** Aborting it interrupts the question being asked (a ToolError `INTERRUPTED`). */
  readonly signal?: AbortSignal;
}

/** What an inquirer prompt takes as its second argument. */
export interface PromptContext {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  signal?: AbortSignal;
}

/** True when questions can be asked: the input is a terminal and CI is not set. */
export function isInteractive(input: NodeJS.ReadableStream & { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return input.isTTY === true && !isCiSet(env);
}

/**
 * An output that passes writes on and is never ended: each prompt ends the stream it is given when it is done, which
 * must not end a stream the next prompt writes to (process.stdout is never ended by a pipe, other streams are).
 */
function unendingOutput(output: NodeJS.WritableStream): NodeJS.WritableStream {
  const passOn = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output.write(chunk);
      done();
    },
  });
  for (const key of ['columns', 'rows'] as const) {
    Object.defineProperty(passOn, key, { get: () => (output as unknown as Record<string, unknown>)[key] });
  }
  return passOn;
}

function contextOf(io: PromptIo): PromptContext {
  const context: PromptContext = {};
  if (io.input !== undefined) context.input = io.input;
  if (io.output !== undefined) context.output = io.output === process.stdout ? io.output : unendingOutput(io.output);
  if (io.signal !== undefined) context.signal = io.signal;
  return context;
}

/** Asks one question: Ctrl-C or the abort signal become a ToolError `INTERRUPTED` (exit 130) naming the question. */
export async function ask<T>(io: PromptIo, question: string, prompt: (context: PromptContext) => Promise<T>): Promise<T> {
  try {
    return await prompt(contextOf(io));
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === 'ExitPromptError' || name === 'AbortPromptError' || name === 'CancelPromptError') throw interruptedError(question, error);
    throw error;
  }
}
