import { describe, expect, test } from '@jest/globals';
import { decideHandEdit } from '../../../daemon/watch/index.js';
import { CURRENT, context, renderings } from './cluster-fixture.js';

describe('decideHandEdit: masters and slaves', () => {
  test('the files as mesosd writes them are the same settings', () => {
    expect(decideHandEdit('masters', renderings().masters, context())).toEqual({ kind: 'same' });
    expect(decideHandEdit('slaves', renderings().slaves, context())).toEqual({ kind: 'same' });
  });

  test('other order, case, blanks or line breaks with the same hosts change nothing', () => {
    expect(decideHandEdit('slaves', 'NODE2   node1', context())).toEqual({ kind: 'same' });
    expect(decideHandEdit('masters', '  master1\r\n\n', context())).toEqual({ kind: 'same' });
  });

  test('an added master is an edit of masters only', () => {
    const decision = decideHandEdit('masters', 'master1\nmaster2\n', context());
    expect(decision).toEqual({
      kind: 'edit',
      settings: { ...CURRENT, masters: ['master1', 'master2'] },
      summary: 'masters: added master2',
    });
  });

  test('slaves added and removed in one edit, several on a line as the deploy scripts allow', () => {
    const decision = decideHandEdit('slaves', 'node2 node3\n10.0.0.7\n', context());
    expect(decision).toEqual({
      kind: 'edit',
      settings: { ...CURRENT, slaves: ['node2', 'node3', '10.0.0.7'] },
      summary: 'slaves: added node3, 10.0.0.7; removed node1',
    });
  });

  test('removing some slaves (not all) is an edit', () => {
    expect(decideHandEdit('slaves', 'node2\n', context())).toMatchObject({ kind: 'edit', summary: 'slaves: removed node1' });
  });

  test('an invalid host name is refused, naming the file, line and host', () => {
    expect(decideHandEdit('masters', 'master1\nbad_host!\n', context())).toEqual({
      kind: 'refused',
      line: 2,
      reason:
        'masters line 2: "bad_host!" is not valid; expected a host name or IP address, without shell metacharacters ' +
        '(Mesos 0.9 hands each word to the shell and ssh)',
    });
  });

  test('a host listed twice is refused at its second line', () => {
    expect(decideHandEdit('slaves', 'node1\nnode2\nNode1\n', context())).toEqual({
      kind: 'refused',
      line: 3,
      reason: 'slaves line 3: "Node1" is not valid; expected each host listed once (already on line 1)',
    });
  });

  test('a comment (a syntax error in Mesos 0.9 host lists) is refused', () => {
    expect(decideHandEdit('slaves', 'node1\nnode2 # the new one\n', context())).toEqual({
      kind: 'refused',
      line: 2,
      reason:
        'slaves line 2: "node2 # the new one" is not valid; expected host names only: Mesos 0.9 has no comments in ' +
        'slaves and would ssh to "#" and every word after it (remove the comment)',
    });
  });

  test('several problems: the first is named, and how many more there are', () => {
    const decision = decideHandEdit('slaves', 'node1\n-x\nnode1\n', context());
    expect(decision).toEqual({
      kind: 'refused',
      line: 2,
      reason: 'slaves line 2: "-x" is not valid; expected a host name or IP address, not an option (ssh would read a leading "-" as one) (and 1 more problem)',
    });
  });

  test('a problem only the settings validation finds is still placed on its line', () => {
    expect(decideHandEdit('masters', 'master1 ::1\n', context())).toEqual({
      kind: 'refused',
      line: 1,
      reason: 'masters line 1: "::1" is not valid; expected a host name or IPv4 address (Mesos 0.9.0 cannot use IPv6)',
    });
  });

  test('an emptied slaves file is refused as an accident, with the command to use', () => {
    const refusal = {
      kind: 'refused',
      reason:
        'slaves: every slave was removed at once, which is taken for an accident (an emptied file); ' +
        'remove slaves one by one with `mesosd config remove-slave HOST`',
    };
    expect(decideHandEdit('slaves', '', context())).toEqual(refusal);
    expect(decideHandEdit('slaves', '\n  \n', context())).toEqual(refusal);
  });

  test('an empty slaves file is fine when the cluster had no slaves; removing the last one by hand is refused', () => {
    const noSlaves = { ...CURRENT, slaves: [] };
    expect(decideHandEdit('slaves', '', context(noSlaves))).toEqual({ kind: 'same' });
    expect(decideHandEdit('slaves', '\n', context(noSlaves))).toEqual({ kind: 'same' });
    expect(decideHandEdit('slaves', 'node9\n', context(noSlaves))).toMatchObject({ kind: 'edit', summary: 'slaves: added node9' });
    expect(decideHandEdit('slaves', '', context({ ...CURRENT, slaves: ['node1'] }))).toMatchObject({ kind: 'refused' });
  });

  test('an emptied masters file is refused: a cluster needs a master', () => {
    expect(decideHandEdit('masters', '', context())).toEqual({
      kind: 'refused',
      reason: 'masters: [] is not valid; expected at least one master host',
    });
  });

  test('a removed file is refused: mesosd writes it back', () => {
    expect(decideHandEdit('slaves', undefined, context())).toEqual({ kind: 'refused', reason: 'slaves was removed; mesosd writes it back' });
    expect(decideHandEdit('masters', undefined, context())).toEqual({ kind: 'refused', reason: 'masters was removed; mesosd writes it back' });
  });

  test('binary data is refused with the line it is on', () => {
    expect(decideHandEdit('slaves', 'node1\nno\u0000de2\n', context())).toEqual({
      kind: 'refused',
      line: 2,
      reason: 'slaves line 2: "no\\u0000de2" is not valid; expected a text file (found a NUL byte: this looks like binary data)',
    });
  });
});
