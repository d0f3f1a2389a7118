import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parseHostList, renderHostList } from '../../../src/formats/host-list.js';
import { catchToolError, decodeUtf8 } from './catch-tool-error.js';

const slaves = { file: 'slaves' };

describe('parseHostList', () => {
  test('an empty file is an empty list', () => {
    expect(parseHostList('', slaves)).toEqual({ hosts: [] });
    expect(parseHostList('\n\n  \t\n', slaves)).toEqual({ hosts: [] });
  });

  test('reads host names separated by any mix of spaces, tabs and newlines, in order', () => {
    const text = 'node1.example.com\n  node2\tnode3 \n\n10.0.0.4\nfe80::1\nNode-5.';
    expect(parseHostList(text, slaves).hosts).toEqual(['node1.example.com', 'node2', 'node3', '10.0.0.4', 'fe80::1', 'Node-5.']);
  });

  test('reads a CRLF file as if it had LF endings', () => {
    expect(parseHostList('a1\r\nb2\r\n', slaves).hosts).toEqual(['a1', 'b2']);
    expect(parseHostList('a1\r\nb2', slaves).hosts).toEqual(['a1', 'b2']);
  });

  test('refuses a carriage return that does not end a line', () => {
    const error = catchToolError(() => parseHostList('a1\rb2\n', slaves));
    expect(error.code).toBe('BAD_HOST_LIST');
    expect(error.problems).toEqual([
      { field: 'slaves line 1', value: 'a1\rb2', expected: expect.stringContaining('carriage return') },
    ]);
  });

  test('refuses a comment line, which 0.9 would ssh to word by word', () => {
    const error = catchToolError(() => parseHostList('node1\n# my slaves\nnode2\n', slaves));
    expect(error.code).toBe('BAD_HOST_LIST');
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.field).toBe('slaves line 2');
    expect(error.problems[0]?.value).toBe('# my slaves');
    expect(error.message).toContain('slaves line 2: "# my slaves" is not valid; expected host names only: Mesos 0.9 has no comments in slaves');
    expect(error.hint).toMatch(/no comments/);
  });

  test('refuses a comment after a host on the same line', () => {
    const error = catchToolError(() => parseHostList('node1 #primary\n', { file: 'masters' }));
    expect(error.problems).toEqual([{ field: 'masters line 1', value: 'node1 #primary', expected: expect.stringContaining('no comments in masters') }]);
  });

  test.each([
    ['a;rm', 'a;rm -rf /'],
    ['$(x)', '$(x)'],
    ['`reboot`', '`reboot`'],
    ['a|b', 'a|b'],
    ['a&b', 'a&b'],
    ['h*', 'h*'],
    ['"q"', '"q"'],
    ['~root', '~root'],
  ])('refuses %s as a host: shell metacharacters', (word, line) => {
    const error = catchToolError(() => parseHostList(`${line}\n`, slaves));
    expect(error.problems[0]).toEqual({ field: 'slaves line 1', value: word, expected: expect.stringContaining('shell metacharacters') });
  });

  test('lists every word of a shell command, each with its own reason', () => {
    const error = catchToolError(() => parseHostList('ok1\na;rm -rf /\n', slaves));
    expect(error.problems.map((p) => [p.field, p.value])).toEqual([
      ['slaves line 2', 'a;rm'],
      ['slaves line 2', '-rf'],
      ['slaves line 2', '/'],
    ]);
    expect(error.problems[1]?.expected).toContain('not an option');
    expect(error.message).toMatch(/^slaves is not a valid Mesos 0.9 host list: 3 problems\n/);
  });

  test('refuses invalid host names and bracketed IPv6 addresses', () => {
    const error = catchToolError(() => parseHostList('under_score\nbad..dots\n1.2.3.999\n[::1]\n', slaves));
    expect(error.problems.map((p) => p.field)).toEqual(['slaves line 1', 'slaves line 2', 'slaves line 3', 'slaves line 4']);
    expect(error.problems[0]?.expected).toContain('RFC 1123');
    expect(error.problems[3]?.expected).toContain('without brackets');
  });

  test('refuses a host listed twice, comparing names without regard to case', () => {
    const error = catchToolError(() => parseHostList('node1\nnode2\nNODE1\n', slaves));
    expect(error.problems).toEqual([{ field: 'slaves line 3', value: 'NODE1', expected: 'each host listed once (already on line 1)' }]);
  });

  test('refuses NUL bytes as binary data, in one problem', () => {
    const error = catchToolError(() => parseHostList('node1\nno\u0000de2\nx\u0000y\n', slaves));
    expect(error.problems).toEqual([{ field: 'slaves line 2', value: 'no\u0000de2', expected: expect.stringContaining('binary data') }]);
    expect(error.message).toContain('"no\\u0000de2"');
  });

  test('refuses bytes that were not UTF-8', () => {
    const text = decodeUtf8([0x6e, 0x31, 0x0a, 0xff, 0xfe, 0x81, 0x0a]);
    const error = catchToolError(() => parseHostList(text, slaves));
    expect(error.problems).toEqual([{ field: 'slaves line 2', value: '\uFFFD\uFFFD\uFFFD', expected: expect.stringContaining('not UTF-8') }]);
  });

  test('refuses other control characters, naming them', () => {
    const error = catchToolError(() => parseHostList('a\u000bb\n', slaves));
    expect(error.problems[0]?.expected).toContain('U+000B');
  });

  test('refuses a 10 MB line at once, by its size, showing a cut value', () => {
    const text = 'a'.repeat(10 * 1024 * 1024);
    const error = catchToolError(() => parseHostList(text, slaves));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.field).toBe('slaves');
    expect(error.problems[0]?.expected).toBe('a file of at most 1 MiB (1048576 bytes)');
    expect(error.message).toContain('(10485760 characters)');
    expect(error.message.length).toBeLessThan(400);
  });

  test('measures the cap in UTF-8 bytes, not characters', () => {
    const error = catchToolError(() => parseHostList('é'.repeat(600 * 1024), slaves));
    expect(error.problems[0]?.expected).toContain('1 MiB');
  });

  test('a long word under the cap is one problem with a cut value', () => {
    const error = catchToolError(() => parseHostList(`${'a'.repeat(900_000)}\n`, slaves));
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('(900000 characters)');
  });

  test('a garbage file keeps the first 100 problems and counts the rest', () => {
    const error = catchToolError(() => parseHostList('bad_host\n'.repeat(5000), slaves));
    expect(error.problems).toHaveLength(100);
    expect(error.message).toMatch(/^slaves is not a valid Mesos 0.9 host list: 5000 problems\n/);
    expect(error.message).toMatch(/- … and 4900 more$/);
  });
});

describe('renderHostList', () => {
  test('writes one host a line with a final newline; an empty list is an empty file', () => {
    expect(renderHostList(['a1', '10.0.0.2', '::1'])).toBe('a1\n10.0.0.2\n::1\n');
    expect(renderHostList([])).toBe('');
  });

  test('validates everything first and names each bad entry', () => {
    const error = catchToolError(() => renderHostList(['ok', '$(x)', 'OK', ''], { file: 'slaves' }));
    expect(error.code).toBe('BAD_HOST_LIST');
    expect(error.problems.map((p) => [p.field, p.value])).toEqual([
      ['slaves[1]', '$(x)'],
      ['slaves[2]', 'OK'],
      ['slaves[3]', ''],
    ]);
    expect(error.problems[1]?.expected).toBe('each host listed once (already slaves[0])');
  });
});

// Host names as RFC 1123 allows them, in either case, and IP addresses.
const hostArb = fc.oneof(
  fc.domain().chain((d) => fc.boolean().map((upper) => (upper ? d.toUpperCase() : d))),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
  fc.ipV4(),
  fc.ipV6(),
);
const hostsArb = fc.uniqueArray(hostArb, { selector: (h) => h.toLowerCase(), maxLength: 30 });

describe('host list properties', () => {
  test('parse(render(hosts)) gives the same hosts', () => {
    fc.assert(fc.property(hostsArb, (hosts) => {
      expect(parseHostList(renderHostList(hosts), slaves).hosts).toEqual(hosts);
    }));
  });

  test('any white space layout, LF or CRLF, reads as the same hosts', () => {
    const gap = fc.constantFrom(' ', '\t', '\n', '  \n\t', '\r\n', ' \r\n\n');
    fc.assert(fc.property(hostsArb, fc.array(gap, { minLength: 31, maxLength: 31 }), (hosts, gaps) => {
      const text = hosts.map((h, i) => `${h}${gaps[i] ?? ' '}`).join('');
      expect(parseHostList(text, slaves).hosts).toEqual(hosts);
    }));
  });

  test('any text either parses or is refused with BAD_HOST_LIST naming a line of the file', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      try {
        parseHostList(text, slaves);
      } catch (error) {
        const e = catchToolError(() => { throw error; });
        expect(e.code).toBe('BAD_HOST_LIST');
        expect(e.problems.length).toBeGreaterThan(0);
        for (const p of e.problems) expect(p.field).toMatch(/^slaves( line \d+)?$/);
      }
    }));
  });
});
