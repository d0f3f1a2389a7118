import { describe, expect, test } from '@jest/globals';
import { runCli } from '../../src/cli/run-cli.js';
import { packageVersion } from '../../src/version.js';
import { mesosdMain } from '../../daemon/cli.js';
import { wizardMain } from '../../wizard/cli.js';
import { captureIo } from '../helpers/capture-io.js';

describe.each([
  ['spark-mesos-setup', wizardMain, /join HOST\[:PORT\] --token/],
  ['mesosd', mesosdMain, /status \[--json\]/],
] as const)('%s', (program, main, helpLine) => {
  test('--help prints usage and exits 0', async () => {
    const io = captureIo();
    expect(await runCli(program, ['--help'], main, io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: /);
    expect(io.out()).toMatch(helpLine);
  });

  test('--version prints the package version', async () => {
    const io = captureIo();
    expect(await runCli(program, ['-V'], main, io)).toBe(0);
    expect(io.out()).toBe(`${program} ${packageVersion()}\n`);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('an unknown command exits 2 with a message and a hint', async () => {
    const io = captureIo();
    expect(await runCli(program, ['frobnicate'], main, io)).toBe(2);
    expect(io.err()).toContain(`${program}: unknown command "frobnicate"`);
    expect(io.err()).toContain(`hint: run \`${program} --help\``);
    expect(io.out()).toBe('');
  });
});
