import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../../../../src/errors.js';
import { exitCodeFor } from '../../../../src/cli/run-cli.js';
import { answersFromEnv, readAnswersFile } from '../../../../wizard/answers/answers-input.js';
import { tempDirs } from '../../../helpers/temp-dir.js';

const dirs = tempDirs('sms-answers-');
afterEach(dirs.cleanup);

async function fileWith(content: string, name = 'answers.json'): Promise<string> {
  const dir = await dirs.make();
  await writeFile(join(dir, name), content);
  return dir;
}

async function fileError(file: string, cwd: string): Promise<ToolError> {
  const error = await readAnswersFile(file, { cwd }).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('answers from the environment', () => {
  test('reads SPARK_MESOS_SETUP_<NAME>, splits the slaves, and takes an empty variable as unset', () => {
    const given = answersFromEnv({
      SPARK_MESOS_SETUP_JAVA_HOME: '/usr/lib/jvm/jdk',
      SPARK_MESOS_SETUP_SLAVES: 'a,b c',
      SPARK_MESOS_SETUP_PREFIX: '',
      JAVA_HOME: '/elsewhere',
    });
    expect(given).toEqual({
      javaHome: { value: '/usr/lib/jvm/jdk', source: { kind: 'env' } },
      slaves: { value: ['a', 'b', 'c'], source: { kind: 'env' } },
    });
  });
});

describe('the answers file', () => {
  test('a good file: strings, an array of slaves, null for not given; relative to cwd', async () => {
    const dir = await fileWith(JSON.stringify({ javaHome: '/usr/lib/jvm/jdk', slaves: ['a', 'b'], scalaHome: null, role: 'both' }));
    const source = { kind: 'file', file: 'answers.json' };
    expect(await readAnswersFile('answers.json', { cwd: dir })).toEqual({
      javaHome: { value: '/usr/lib/jvm/jdk', source },
      slaves: { value: ['a', 'b'], source },
      role: { value: 'both', source },
    });
  });

  test('unknown keys and wrong types: every one at once, naming the key and the known ones', async () => {
    const dir = await fileWith(JSON.stringify({ java_home: '/x', sparkhome: '/y', colour: 'red', slaves: 'a,b', mesosVersion: 0.9 }));
    const error = await fileError('answers.json', dir);
    expect(error.code).toBe('BAD_ANSWERS_FILE');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.message).toBe([
      'answers file answers.json: 5 problems',
      '  - key in answers.json: "java_home" is not valid; expected a known key (did you mean "javaHome"? keys are camelCase)',
      '  - key in answers.json: "sparkhome" is not valid; expected a known key (did you mean "sparkHome"? keys are camelCase)',
      '  - key in answers.json: "colour" is not valid; expected one of the known keys: prefix, javaHome, scalaHome, sparkHome, mesosSource, mesosSha256, mesosVersion, master, slaves, role, advertise, hostname',
      '  - slaves in answers.json: "a,b" is not valid; expected an array of host names or addresses (strings), e.g. ["node1", "node2"]',
      '  - mesosVersion in answers.json: 0.9 is not valid; expected a string (the Mesos version, which selects the version profile)',
    ].join('\n'));
    expect(error.problems).toHaveLength(5);
  });

  test('not JSON, not an object, missing, a directory', async () => {
    const dir = await fileWith('{"javaHome": "/x",}');
    const notJson = await fileError('answers.json', dir);
    expect(notJson.code).toBe('BAD_ANSWERS_FILE');
    expect(notJson.message).toMatch(/^answers file answers\.json: is not JSON \(.+\)$/);
    expect(notJson.hint).toContain('one JSON object');

    await writeFile(join(dir, 'list.json'), '["/x"]');
    expect((await fileError('list.json', dir)).message).toBe('answers file list.json: is not a JSON object');

    const missing = await fileError('nope.json', dir);
    expect(missing.message).toBe('answers file nope.json: cannot be read (no such file)');
    expect(missing.hint).toContain('relative paths start in the current directory');
    expect(exitCodeFor(missing)).toBe(2);

    await mkdir(join(dir, 'adir'));
    expect((await fileError('adir', dir)).message).toBe('answers file adir: not a file');
  });
});
