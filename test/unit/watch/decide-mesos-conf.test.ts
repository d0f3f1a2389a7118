import { describe, expect, test } from '@jest/globals';
import { decideHandEdit } from '../../../daemon/watch/index.js';
import { CURRENT, context, renderings } from './cluster-fixture.js';

const MALFORMED =
  'expected a `key = value` line with exactly one "=" (Mesos 0.9 stops with "Malformed line in config file"; values cannot contain "=")';

describe('decideHandEdit: mesos.conf', () => {
  test('the file as mesosd writes it, or with only comments and blanks changed, is the same settings', () => {
    expect(decideHandEdit('mesosConf', renderings().mesosConf, context())).toEqual({ kind: 'same' });
    expect(decideHandEdit('mesosConf', '# mine now\n   quiet=true   # keep it quiet\n\n', context())).toEqual({ kind: 'same' });
  });

  test('a changed and an added key are an edit of mesosConf only', () => {
    expect(decideHandEdit('mesosConf', 'quiet = false\nresources = cpus:4\n', context())).toEqual({
      kind: 'edit',
      settings: { ...CURRENT, mesosConf: { quiet: 'false', resources: 'cpus:4' } },
      summary: 'mesos.conf: added resources="cpus:4"; changed quiet="false" (was "true")',
    });
  });

  test('a removed key is an edit', () => {
    expect(decideHandEdit('mesosConf', '# nothing\n', context())).toEqual({
      kind: 'edit',
      settings: { ...CURRENT, mesosConf: {} },
      summary: 'mesos.conf: removed quiet',
    });
  });

  test('"=" in a value is refused', () => {
    expect(decideHandEdit('mesosConf', 'quiet = true\nresources = cpus=4\n', context())).toEqual({
      kind: 'refused',
      line: 2,
      reason: `mesos.conf line 2: "resources = cpus=4" is not valid; ${MALFORMED}`,
    });
  });

  test('a line without "=" is a syntax error; every further problem is counted', () => {
    expect(decideHandEdit('mesosConf', 'garbage\nalso garbage\n', context())).toEqual({
      kind: 'refused',
      line: 1,
      reason: `mesos.conf line 1: "garbage" is not valid; ${MALFORMED} (and 1 more problem)`,
    });
  });

  test('a key set twice is refused at its second line', () => {
    expect(decideHandEdit('mesosConf', 'quiet = 1\nquiet = 2\n', context())).toEqual({
      kind: 'refused',
      line: 2,
      reason: 'mesos.conf line 2: "quiet" is not valid; expected each key once ("quiet" is already set on line 1; Mesos 0.9 would use line 1 and ignore this one)',
    });
  });

  test('an invalid key is refused', () => {
    expect(decideHandEdit('mesosConf', 'Quiet = x\n', context())).toEqual({
      kind: 'refused',
      line: 1,
      reason: 'mesos.conf line 1: "Quiet" is not valid; expected a mesos.conf key (lower-case letters, digits and underscores, starting with a letter)',
    });
  });

  test.each([
    ['port = 5050', 'port', 'ports.master or ports.slave'],
    ['master = 10.0.0.1:5050', 'master', 'masters'],
    ['work_dir = /tmp/mesos', 'work_dir', "the node's workDir"],
  ])('a key mesosd passes as a flag is refused: %s', (line, key, instead) => {
    expect(decideHandEdit('mesosConf', `quiet = true\n${line}\n`, context())).toEqual({
      kind: 'refused',
      line: 2,
      reason:
        `mesos.conf line 2: "${key}" cannot be set in mesos.conf: mesosd gives each Mesos process --${key} on its ` +
        `command line, which wins over this file (use instead: ${instead})`,
    });
  });

  test('a removed file is refused: mesosd writes it back', () => {
    expect(decideHandEdit('mesosConf', undefined, context())).toEqual({ kind: 'refused', reason: 'mesos.conf was removed; mesosd writes it back' });
  });
});
