import { execFileSync } from 'node:child_process';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { quoteShellValue, unquoteShellValue } from '../../../src/formats/shell-word.js';
import { renderSparkEnvBlock } from '../../../src/formats/spark-env.js';

describe('quoteShellValue', () => {
  test.each([
    ['/usr/local/lib/libmesos.so', '/usr/local/lib/libmesos.so'],
    ['-Xmx1g,a=b:c@d%e+f', '-Xmx1g,a=b:c@d%e+f'],
    ['', "''"],
    ['/opt/my scala', "'/opt/my scala'"],
    ['$HOME', "'$HOME'"],
    ['~/scala', "'~/scala'"],
    ['it\'s', "'it'\\''s'"],
    ['a"b`c`\\d*', "'a\"b`c`\\d*'"],
  ])('%j is written as %s', (value, word) => {
    expect(quoteShellValue(value)).toBe(word);
  });

  test('bash reads every written value back exactly', () => {
    const values = ['/opt/my scala', '$(touch /tmp/x)', '`id`', "it's", "''", '\\', '"', '~', '*', 'a b  c', 'é日😀', '', '-e', '!x', '{a,b}', '%+,:=@'];
    const vars = Object.fromEntries(values.map((v, i) => [`V${i}`, v]));
    const script = `${renderSparkEnvBlock(vars)}for i in ${values.map((_, i) => i).join(' ')}; do n=V$i; printf '%s\\0' "\${!n}"; done`;
    const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8', env: {} });
    expect(out.split('\u0000').slice(0, -1)).toEqual(values);
  });
});

describe('unquoteShellValue', () => {
  test('reads plain words, single-quoted parts and escaped quotes, in any mix', () => {
    expect(unquoteShellValue("a'b c'\\''d'e")).toBe("ab c'de");
    expect(unquoteShellValue('')).toBe('');
  });

  test.each(['"x"', '$x', "'open", 'a b', '\\x', '~', 'a*'])('refuses %s', (word) => {
    expect(unquoteShellValue(word)).toBeUndefined();
  });

  test('reads back every quoted value exactly', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (value) => {
      expect(unquoteShellValue(quoteShellValue(value))).toBe(value);
    }));
  });
});
