import { expect } from '@jest/globals';
import { ToolError } from '../../../src/errors.js';

/** Runs `fn`, expecting it to throw a ToolError, and returns that error (failing the test otherwise). */
export function catchToolError(fn: () => unknown): ToolError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    return error as ToolError;
  }
  throw new Error('expected a ToolError, but nothing was thrown');
}

/** Text of `bytes` decoded as a reader would, with invalid UTF-8 becoming U+FFFD. */
export function decodeUtf8(bytes: readonly number[]): string {
  return Buffer.from(bytes).toString('utf8');
}
