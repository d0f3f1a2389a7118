import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  applySparkEnvBlock,
  findUserAssignments,
  parseSparkEnvBlock,
  removeSparkEnvBlock,
  renderSparkEnvBlock,
  SPARK_ENV_BEGIN,
  SPARK_ENV_END,
} from '../../../src/formats/spark-env.js';
import { catchToolError, decodeUtf8 } from './catch-tool-error.js';
import { SPARK_ENV_TEMPLATE } from './spark-env-template.js';

const VARS = { SCALA_HOME: '/opt/scala', MESOS_NATIVE_LIBRARY: '/usr/local/lib/libmesos.so' };
const BLOCK = `${SPARK_ENV_BEGIN}
export MESOS_NATIVE_LIBRARY=/usr/local/lib/libmesos.so
export SCALA_HOME=/opt/scala
${SPARK_ENV_END}
`;

describe('renderSparkEnvBlock', () => {
  test('writes the markers around export lines sorted by name', () => {
    expect(renderSparkEnvBlock(VARS)).toBe(BLOCK);
    expect(renderSparkEnvBlock({})).toBe(`${SPARK_ENV_BEGIN}\n${SPARK_ENV_END}\n`);
  });

  test('refuses names and values it cannot write, naming each', () => {
    const error = catchToolError(() => renderSparkEnvBlock({ scala_home: '/x', '1X': 'y', OK: 'a\nb', NUL: 'a\u0000b', TAB: 'a\tb' }));
    expect(error.code).toBe('BAD_SPARK_ENV');
    expect(error.problems.map((p) => [p.field, p.value])).toEqual([
      ['spark-env.sh variable name', 'scala_home'],
      ['spark-env.sh variable name', '1X'],
      ['spark-env.sh OK', 'a\nb'],
      ['spark-env.sh NUL', 'a\u0000b'],
      ['spark-env.sh TAB', 'a\tb'],
    ]);
    expect(error.message).toContain('spark-env.sh OK: "a\\nb" is not valid; expected a value without newlines');
  });
});

describe('parseSparkEnvBlock', () => {
  test('a file without a block is all "before"', () => {
    expect(parseSparkEnvBlock(SPARK_ENV_TEMPLATE)).toEqual({ before: SPARK_ENV_TEMPLATE, block: undefined, after: '' });
    expect(parseSparkEnvBlock('')).toEqual({ before: '', block: undefined, after: '' });
  });

  test('splits the file around the block and reads its variables in file order', () => {
    const text = `#!/bin/sh\nexport A=1\n${BLOCK}# after\n`;
    const parts = parseSparkEnvBlock(text);
    expect(parts).toEqual({ before: '#!/bin/sh\nexport A=1\n', block: VARS, after: '# after\n' });
    expect(Object.keys(parts.block ?? {})).toEqual(['MESOS_NATIVE_LIBRARY', 'SCALA_HOME']);
  });

  test('reads hand-written quoting: single quotes, escaped quotes, plain words; skips blank lines', () => {
    const text = `${SPARK_ENV_BEGIN}\n  export A='/opt/my scala'\n\nexport B=it\\''s '\\''ok'\\'\nexport C=\nexport D=''\t\n${SPARK_ENV_END}\n`;
    expect(parseSparkEnvBlock(text).block).toEqual({ A: '/opt/my scala', B: "it's 'ok'", C: '', D: '' });
  });

  test('reads back values holding U+2028 and U+2029, which JavaScript counts as line ends', () => {
    const vars = { A: '\u2028', B: 'x\u2029y' };
    expect(parseSparkEnvBlock(renderSparkEnvBlock(vars)).block).toEqual(vars);
  });

  test('reads a block saved with CRLF endings', () => {
    const text = `x\r\n${BLOCK.replaceAll('\n', '\r\n')}y\r\n`;
    expect(parseSparkEnvBlock(text)).toEqual({ before: 'x\r\n', block: VARS, after: 'y\r\n' });
  });

  test('refuses two begin markers, naming both lines', () => {
    const text = `${SPARK_ENV_BEGIN}\nexport A=1\n${SPARK_ENV_BEGIN}\n${SPARK_ENV_END}\n`;
    const error = catchToolError(() => parseSparkEnvBlock(text));
    expect(error.code).toBe('BAD_SPARK_ENV');
    expect(error.problems).toEqual([
      { field: 'spark-env.sh line 3', value: SPARK_ENV_BEGIN, expected: 'one begin marker (the block opened on line 1 has not ended yet)' },
    ]);
  });

  test('refuses a second block once, however long it is', () => {
    const text = `${BLOCK}\n${SPARK_ENV_BEGIN}\nexport A=1\nnot an export\n${SPARK_ENV_END}\n`;
    const error = catchToolError(() => parseSparkEnvBlock(text));
    expect(error.problems).toEqual([
      { field: 'spark-env.sh line 6', value: SPARK_ENV_BEGIN, expected: 'one managed block in the file (there is one already on lines 1-4)' },
    ]);
  });

  test('refuses a begin marker without an end marker', () => {
    const error = catchToolError(() => parseSparkEnvBlock(`# mine\n${SPARK_ENV_BEGIN}\nexport A=1\n`, { file: '/opt/spark/conf/spark-env.sh' }));
    expect(error.problems).toEqual([
      { field: '/opt/spark/conf/spark-env.sh line 2', value: SPARK_ENV_BEGIN, expected: `a begin marker followed by an end marker ("${SPARK_ENV_END}")` },
    ]);
    expect(error.hint).toContain('export NAME=VALUE');
  });

  test('refuses an end marker without a begin marker', () => {
    const error = catchToolError(() => parseSparkEnvBlock(`export A=1\n${SPARK_ENV_END}\n`));
    expect(error.problems).toEqual([{ field: 'spark-env.sh line 2', value: SPARK_ENV_END, expected: expect.stringContaining('only after a begin marker') }]);
  });

  test.each([
    ['a comment', '# set by hand', 'an `export NAME=VALUE` line'],
    ['an assignment without export', 'SCALA_HOME=/opt/scala', 'an `export NAME=VALUE` line'],
    ['a command', 'echo hi', 'an `export NAME=VALUE` line'],
    ['a lower-case name', 'export scala_home=/x', 'a variable name'],
    ['a double-quoted value', 'export A="/opt/x"', 'plain (letters, digits'],
    ['an expansion', 'export A=$HOME/x', 'plain (letters, digits'],
    ['a command substitution', 'export A=$(id)', 'plain (letters, digits'],
    ['a trailing comment', 'export A=/x # mine', 'plain (letters, digits'],
    ['an unterminated quote', "export A='/x", 'plain (letters, digits'],
    ['a control character', 'export A=\u001b[1m', 'without control characters'],
    ['a tab inside quotes', "export A='a\tb'", 'without newlines, tabs'],
  ])('refuses %s inside the block', (_what, line, expected) => {
    const error = catchToolError(() => parseSparkEnvBlock(`${SPARK_ENV_BEGIN}\n${line}\n${SPARK_ENV_END}\n`));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.field).toBe('spark-env.sh line 2');
    expect(error.problems[0]?.expected).toContain(expected);
  });

  test('refuses a variable set twice in the block, and lists every problem', () => {
    const text = `${SPARK_ENV_BEGIN}\nexport A=1\nexport B=\`x\`\nexport A=2\n${SPARK_ENV_END}\n`;
    const error = catchToolError(() => parseSparkEnvBlock(text));
    expect(error.problems.map((p) => [p.field, p.value])).toEqual([
      ['spark-env.sh line 3', '`x`'],
      ['spark-env.sh line 4', 'A'],
    ]);
    expect(error.problems[1]?.expected).toBe('each variable once in the block (A is already set on line 2)');
  });

  test('refuses a binary file, bytes that are not UTF-8, and a 10 MB line', () => {
    expect(catchToolError(() => parseSparkEnvBlock('#!/bin/sh\n\u0000ELF')).problems[0]?.expected).toContain('binary data');
    const latin1 = decodeUtf8([...Buffer.from('# caf'), 0xe9, 0x0a]);
    expect(catchToolError(() => parseSparkEnvBlock(latin1)).problems[0]?.expected).toContain('not UTF-8');
    const huge = catchToolError(() => parseSparkEnvBlock(`export X=${'x'.repeat(10 * 1024 * 1024)}\n`));
    expect(huge.problems).toHaveLength(1);
    expect(huge.message).toContain('expected a file of at most 1 MiB');
  });

  test('leaves the user\'s part alone: shell code and control characters outside the block are not checked', () => {
    const text = `if [ -x "$(command -v foo)" ]; then export A="$(foo)"; fi\r\nprintf '\u001b[1m'\n${BLOCK}`;
    expect(parseSparkEnvBlock(text).block).toEqual(VARS);
  });
});

describe('applySparkEnvBlock', () => {
  test('appends a block to the template, keeping it byte for byte', () => {
    const result = applySparkEnvBlock(SPARK_ENV_TEMPLATE, VARS);
    expect(result).toBe(SPARK_ENV_TEMPLATE + BLOCK);
    expect(parseSparkEnvBlock(result)).toEqual({ before: SPARK_ENV_TEMPLATE, block: VARS, after: '' });
  });

  test('an empty file becomes the block alone', () => {
    expect(applySparkEnvBlock('', VARS)).toBe(BLOCK);
  });

  test('adds one newline before the block when the file does not end in one', () => {
    expect(applySparkEnvBlock('export A=1', VARS)).toBe(`export A=1\n${BLOCK}`);
    expect(applySparkEnvBlock('export A=1\r\n', VARS)).toBe(`export A=1\r\n${BLOCK}`);
  });

  test('replaces the block in place, keeping CRLF lines and the missing final newline after it', () => {
    const before = '#!/bin/sh\r\n# mine\r\n';
    const after = 'export SPARK_MEM=2g\r\n# end without newline';
    const result = applySparkEnvBlock(`${before}${BLOCK}${after}`, { SCALA_HOME: '/opt/scala-2.9.3' });
    expect(result).toBe(`${before}${SPARK_ENV_BEGIN}\nexport SCALA_HOME=/opt/scala-2.9.3\n${SPARK_ENV_END}\n${after}`);
  });

  test('rewrites a hand-edited block (reworded marker, CRLF, odd quoting) in the canonical form', () => {
    const text = `a\n  # >>> spark-mesos-setup (hand edited)\r\nexport SCALA_HOME='/opt/scala'\r\n# <<< spark-mesos-setup <<<\r\nb\n`;
    expect(applySparkEnvBlock(text, VARS)).toBe(`a\n${BLOCK}b\n`);
  });

  test('an end marker on the last line without a newline gets one', () => {
    expect(applySparkEnvBlock(`x\n${BLOCK.slice(0, -1)}`, VARS)).toBe(`x\n${BLOCK}`);
  });

  test('refuses a file with a broken block instead of adding a second one', () => {
    const error = catchToolError(() => applySparkEnvBlock(`${SPARK_ENV_BEGIN}\nexport A=1\n`, VARS));
    expect(error.code).toBe('BAD_SPARK_ENV');
    expect(error.problems[0]?.field).toBe('spark-env.sh line 1');
  });

  test('refuses values it cannot write before reading the file', () => {
    const error = catchToolError(() => applySparkEnvBlock(SPARK_ENV_TEMPLATE, { SCALA_HOME: '/opt/x\nrm -rf /' }));
    expect(error.problems).toEqual([{ field: 'spark-env.sh SCALA_HOME', value: '/opt/x\nrm -rf /', expected: expect.stringContaining('without newlines') }]);
  });

  test('refuses to grow the file past what it can read back', () => {
    const text = `# ${'x'.repeat(1024 * 1024 - 100)}\n`;
    const error = catchToolError(() => applySparkEnvBlock(text, VARS));
    expect(error.message).toMatch(/^cannot write the managed block of spark-env.sh/);
  });
});

describe('removeSparkEnvBlock', () => {
  test('takes the block out and keeps the rest', () => {
    expect(removeSparkEnvBlock(`a\r\n${BLOCK}b`)).toBe('a\r\nb');
    expect(removeSparkEnvBlock(SPARK_ENV_TEMPLATE)).toBe(SPARK_ENV_TEMPLATE);
    expect(removeSparkEnvBlock(applySparkEnvBlock(SPARK_ENV_TEMPLATE, VARS))).toBe(SPARK_ENV_TEMPLATE);
  });
});

describe('findUserAssignments', () => {
  const names = ['SCALA_HOME', 'MESOS_NATIVE_LIBRARY'];

  test('finds assignments above and below the block, with line numbers and the line', () => {
    const text = [
      '#!/usr/bin/env bash',
      '# export SCALA_HOME=/commented/out',
      'export SCALA_HOME=/usr/share/scala',
      '  MESOS_NATIVE_LIBRARY=/old/libmesos.so',
      'export SPARK_MEM=1g SCALA_HOME=/again',
      'SPARK_MEM=2g',
      'echo SCALA_HOME=not-an-assignment',
      BLOCK + 'if true; then',
      '\texport MESOS_NATIVE_LIBRARY="$PREFIX/lib/libmesos.so"',
      'fi',
      '',
    ].join('\n');
    expect(findUserAssignments(text, names)).toEqual([
      { name: 'SCALA_HOME', line: 3, text: 'export SCALA_HOME=/usr/share/scala', position: 'before' },
      { name: 'MESOS_NATIVE_LIBRARY', line: 4, text: '  MESOS_NATIVE_LIBRARY=/old/libmesos.so', position: 'before' },
      { name: 'SCALA_HOME', line: 5, text: 'export SPARK_MEM=1g SCALA_HOME=/again', position: 'before' },
      { name: 'MESOS_NATIVE_LIBRARY', line: 13, text: '\texport MESOS_NATIVE_LIBRARY="$PREFIX/lib/libmesos.so"', position: 'after' },
    ]);
  });

  test('does not report the block\'s own lines; the template sets nothing', () => {
    expect(findUserAssignments(applySparkEnvBlock(SPARK_ENV_TEMPLATE, VARS), names)).toEqual([]);
  });

  test('without a block every assignment is "before" (the block will be appended)', () => {
    expect(findUserAssignments('export SCALA_HOME=/x\r\n', names)).toEqual([
      { name: 'SCALA_HOME', line: 1, text: 'export SCALA_HOME=/x', position: 'before' },
    ]);
  });
});

// The user's part: any lines that are not markers (shell code, comments, CRLF, no final newline).
const userLine = fc.oneof(
  fc.constantFrom('#!/bin/sh', '# comment', 'export SPARK_MEM=1g', 'if x; then\r', '', '   ', 'echo "$(id)"'),
  fc.string({ maxLength: 30 }).filter((s) => !s.includes('\n') && !s.includes('spark-mesos-setup')),
);
const userText = fc.tuple(fc.array(userLine, { maxLength: 8 }), fc.boolean()).map(([lines, finalNewline]) => {
  const text = lines.join('\n');
  return finalNewline && text !== '' ? `${text}\n` : text;
});
const valueArb = fc.string({ unit: 'grapheme', maxLength: 30 }).filter((v) => !/[\u0000-\u001f\u007f-\u009f\uFFFD]/.test(v));
const varsArb = fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,15}$/), valueArb, { maxKeys: 6 });

describe('spark-env.sh properties', () => {
  test('parse(apply(t, vars)) gives back vars and t', () => {
    fc.assert(fc.property(userText, varsArb, (text, vars) => {
      const parts = parseSparkEnvBlock(applySparkEnvBlock(text, vars));
      expect(parts.block).toEqual(vars);
      expect(parts.before.startsWith(text)).toBe(true);
      expect(parts.before.length - text.length).toBeLessThanOrEqual(1);
    }));
  });

  test('applying is idempotent and the last application wins', () => {
    fc.assert(fc.property(userText, userText, varsArb, varsArb, (head, tail, a, b) => {
      const withBlock = applySparkEnvBlock(head, a) + tail;
      for (const t of [head, withBlock]) {
        const once = applySparkEnvBlock(t, b);
        expect(applySparkEnvBlock(once, b)).toBe(once);
        expect(applySparkEnvBlock(applySparkEnvBlock(t, a), b)).toBe(once);
      }
    }));
  });

  test('every byte outside the block is kept', () => {
    fc.assert(fc.property(userText, userText, varsArb, varsArb, (head, tail, a, b) => {
      const start = applySparkEnvBlock(head, a);
      const { before } = parseSparkEnvBlock(start);
      const result = applySparkEnvBlock(start + tail, b);
      expect(result).toBe(before + renderSparkEnvBlock(b) + tail);
      expect(removeSparkEnvBlock(result)).toBe(before + tail);
    }));
  });
});
