import { describe, expect, test } from '@jest/globals';
import { debianMirrorFrom } from '../../e2e/testbed/apt-mirror.js';

// Made-up mirror names: the test bed reads the real one from the machine's apt sources at run time.
describe('debianMirrorFrom', () => {
  test('deb822: the first enabled deb stanza listing the suite; security and disabled stanzas skipped', () => {
    const text = [
      'Types: deb-src', 'URIs: http://src.mirror.example/debian', 'Suites: bookworm', 'Components: main', '',
      '# a comment', 'Types: deb', 'URIs: http://off.mirror.example/debian', 'Suites: bookworm', 'Enabled: no', '',
      'Types: deb', '# http://snapshot.mirror.example/archive', 'URIs: http://mirror.example/debian', 'Suites: bookworm bookworm-updates', 'Components: main', '',
      'Types: deb', 'URIs: http://mirror.example/debian-security', 'Suites: bookworm-security', '',
    ].join('\n');
    expect(debianMirrorFrom([{ name: 'debian.sources', text }], 'bookworm')).toBe('http://mirror.example/debian');
    expect(debianMirrorFrom([{ name: 'debian.sources', text }], 'trixie')).toBeUndefined();
  });

  test('one-line sources, with options and comments; files are tried in order', () => {
    const list = '# deb http://old.example/debian bookworm main\ndeb [arch=amd64 signed-by=/k.gpg] http://line.example/debian bookworm main contrib\n';
    expect(debianMirrorFrom([{ name: 'other.list', text: 'deb http://x.example/ubuntu jammy main\n' }, { name: 'sources.list', text: list }], 'bookworm'))
      .toBe('http://line.example/debian');
  });
});
