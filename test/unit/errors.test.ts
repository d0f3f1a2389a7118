import { describe, expect, test } from '@jest/globals';
import { assertNoProblems, formatProblem, isToolError, showValue, ToolError } from '../../src/errors.js';
import { exitCodeFor, formatError } from '../../src/cli/run-cli.js';

describe('showValue', () => {
  test('quotes strings and escapes control characters', () => {
    expect(showValue('a\nb\u0000')).toBe('"a\\nb\\u0000"');
  });
  test('cuts a 10 MB value to one short line that says how long it was', () => {
    const shown = showValue('x'.repeat(10 * 1024 * 1024));
    expect(shown.length).toBeLessThan(120);
    expect(shown).toContain('(10485760 characters)');
  });
  test('shows missing values and non-strings', () => {
    expect(showValue(undefined)).toBe('(missing)');
    expect(showValue(5050)).toBe('5050');
    expect(showValue(['a', 'b'])).toBe('["a","b"]');
  });
});

describe('problems', () => {
  test('a problem names the input, the value and what was expected', () => {
    expect(formatProblem({ field: 'prefix', value: 'usr/local', expected: 'an absolute path' })).toBe(
      'prefix: "usr/local" is not valid; expected an absolute path',
    );
  });

  test('assertNoProblems throws one error listing every problem', () => {
    const problems = [
      { field: 'prefix', value: 'x', expected: 'an absolute path' },
      { field: 'slaves[1]', value: 'a;b', expected: 'a host name' },
    ];
    let caught: unknown;
    try {
      assertNoProblems(problems, 'INVALID_SETTINGS', 'the answers', 'fix them and run again');
    } catch (error) {
      caught = error;
    }
    expect(isToolError(caught)).toBe(true);
    const error = caught as ToolError;
    expect(error.code).toBe('INVALID_SETTINGS');
    expect(error.message).toBe(
      'the answers: 2 problems\n  - prefix: "x" is not valid; expected an absolute path\n' +
        '  - slaves[1]: "a;b" is not valid; expected a host name',
    );
    expect(error.problems).toEqual(problems);
    expect(error.hint).toBe('fix them and run again');
    expect(() => assertNoProblems([], 'X', 'y')).not.toThrow();
  });
});

describe('the CLI top level', () => {
  test('prints message and hint, no stack, for a ToolError', () => {
    const text = formatError('mesosd', new ToolError('NO_SYSTEMD', 'systemd is not running', { hint: 'use --no-systemd' }));
    expect(text).toBe('mesosd: systemd is not running\nhint: use --no-systemd\n');
  });
  test('maps error codes to exit codes', () => {
    expect(exitCodeFor(new ToolError('USAGE', 'x'))).toBe(2);
    expect(exitCodeFor(new ToolError('MISSING_ANSWERS', 'x'))).toBe(2);
    expect(exitCodeFor(new ToolError('INTERRUPTED', 'x'))).toBe(130);
    expect(exitCodeFor(new ToolError('BUILD_FAILED', 'x'))).toBe(1);
    expect(exitCodeFor(new Error('bug'))).toBe(1);
  });
  test('an unexpected error is called a bug, with its stack', () => {
    expect(formatError('mesosd', new Error('boom'))).toMatch(/^mesosd: internal error \(please report it\): Error: boom\n {4}at /);
  });
});
