import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { MESOS_CONF_HEADER, parseMesosConf, renderMesosConf } from '../../../src/formats/mesos-conf.js';
import { catchToolError, decodeUtf8 } from './catch-tool-error.js';

// Written for these tests in the manner of 0.9's mesos.conf.template: commented defaults, a few set values.
const TEMPLATE_LIKE = `# Mesos configuration file. Each line is key = value; # starts a comment.
#
# Address of the master (host:port, zk://host:port/path or file://path):
master = node1.example.com:5050

# Port to listen on:
# port = 5050
webui_port = 8080   # the web UI
log_dir=/var/log/mesos
\tresources =  cpus:4;mem:6144\t
`;

describe('parseMesosConf', () => {
  test('an empty file, or one of comments and blank lines, has no settings', () => {
    expect(parseMesosConf('')).toEqual({ entries: [], values: {} });
    expect(parseMesosConf('# nothing\n\n   # set here\n\t\n')).toEqual({ entries: [], values: {} });
  });

  test('reads key = value lines, trimming blanks and cutting comments anywhere on a line', () => {
    const conf = parseMesosConf(TEMPLATE_LIKE);
    expect(conf.entries).toEqual([
      { key: 'master', value: 'node1.example.com:5050', line: 4 },
      { key: 'webui_port', value: '8080', line: 8 },
      { key: 'log_dir', value: '/var/log/mesos', line: 9 },
      { key: 'resources', value: 'cpus:4;mem:6144', line: 10 },
    ]);
    expect(conf.values).toEqual({
      master: 'node1.example.com:5050',
      webui_port: '8080',
      log_dir: '/var/log/mesos',
      resources: 'cpus:4;mem:6144',
    });
  });

  test('accepts keys Mesos does not know (they are the operator\'s)', () => {
    expect(parseMesosConf('frobnicate_level = 11\n').values).toEqual({ frobnicate_level: '11' });
  });

  test('reads a CRLF file as if it had LF endings', () => {
    expect(parseMesosConf('master = a:5050\r\nport = 5051\r\n').entries).toEqual([
      { key: 'master', value: 'a:5050', line: 1 },
      { key: 'port', value: '5051', line: 2 },
    ]);
  });

  test('refuses a value with "=" as the malformed line 0.9 would stop at', () => {
    const error = catchToolError(() => parseMesosConf('master = a:5050\nzk = zk://h:2181/mesos?x=1\n'));
    expect(error.code).toBe('BAD_MESOS_CONF');
    expect(error.problems).toEqual([
      { field: 'mesos.conf line 2', value: 'zk = zk://h:2181/mesos?x=1', expected: expect.stringContaining('Malformed line in config file') },
    ]);
    expect(error.message).toContain('mesos.conf line 2: "zk = zk://h:2181/mesos?x=1" is not valid; expected a `key = value` line with exactly one "="');
    expect(error.hint).toContain('key = value');
  });

  test('refuses a line without "=", an empty key and an empty value', () => {
    const error = catchToolError(() => parseMesosConf('just words\n = 5\nport =\n'));
    expect(error.problems.map((p) => [p.field, p.value])).toEqual([
      ['mesos.conf line 1', 'just words'],
      ['mesos.conf line 2', ''],
      ['mesos.conf line 3', ''],
    ]);
    expect(error.problems[1]?.expected).toContain('a mesos.conf key');
    expect(error.problems[2]?.expected).toBe('a non-empty value');
  });

  test('refuses keys that are not flag names', () => {
    const error = catchToolError(() => parseMesosConf('Master = a\nlog dir = /x\n1port = 3\n'));
    expect(error.problems.map((p) => p.value)).toEqual(['Master', 'log dir', '1port']);
  });

  test('refuses a key set twice, naming both lines', () => {
    const error = catchToolError(() => parseMesosConf('master = a:5050\nport = 1\nmaster = b:5050\n', { file: '/opt/mesos/var/mesos/conf/mesos.conf' }));
    expect(error.problems).toEqual([
      {
        field: '/opt/mesos/var/mesos/conf/mesos.conf line 3',
        value: 'master',
        expected: 'each key once ("master" is already set on line 1; Mesos 0.9 would use line 1 and ignore this one)',
      },
    ]);
  });

  test('lists every problem of the file at once', () => {
    const error = catchToolError(() => parseMesosConf('a = 1\nb = x=y\nC = 2\na = 3\n'));
    expect(error.problems.map((p) => p.field)).toEqual(['mesos.conf line 2', 'mesos.conf line 3', 'mesos.conf line 4']);
    expect(error.message).toMatch(/^mesos.conf is not a valid Mesos 0.9 configuration: 3 problems\n/);
  });

  test('refuses binary garbage, bytes that are not UTF-8, and control characters', () => {
    expect(catchToolError(() => parseMesosConf('port = 1\n\u0000\u0001\u0002')).problems).toEqual([
      { field: 'mesos.conf line 2', value: '\u0000\u0001\u0002', expected: expect.stringContaining('binary data') },
    ]);
    const latin1 = decodeUtf8([...Buffer.from('log_dir = /var/log/'), 0xe9, 0x0a]);
    expect(catchToolError(() => parseMesosConf(latin1)).problems[0]?.expected).toContain('not UTF-8');
    expect(catchToolError(() => parseMesosConf('port = 1\u001b[0m\n')).problems[0]?.expected).toContain('U+001B');
    expect(catchToolError(() => parseMesosConf('port = 1\r2\n')).problems[0]?.expected).toContain('carriage return');
  });

  test('refuses a 10 MB line at once, by its size', () => {
    const error = catchToolError(() => parseMesosConf(`port = ${'9'.repeat(10 * 1024 * 1024)}\n`));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.field).toBe('mesos.conf');
    expect(error.message).toContain('expected a file of at most 1 MiB');
  });

  test('a value too long for 0.9 is refused with a cut value', () => {
    const error = catchToolError(() => parseMesosConf(`attributes = ${'x'.repeat(5000)}\n`));
    expect(error.problems[0]?.expected).toBe('a value of 4096 characters at most');
    expect(error.message).toContain('(5000 characters)');
  });
});

describe('renderMesosConf', () => {
  test('writes the header, then key = value lines sorted by key', () => {
    const text = renderMesosConf({ webui_port: '8080', master: 'node1:5050', log_dir: '/var/log/mesos' });
    expect(text).toBe(`${MESOS_CONF_HEADER}\nlog_dir = /var/log/mesos\nmaster = node1:5050\nwebui_port = 8080\n`);
    expect(MESOS_CONF_HEADER).toMatch(/managed by mesosd \(spark-mesos-setup\)/);
    expect(MESOS_CONF_HEADER).toMatch(/Hand edits are picked up and spread to every node/);
  });

  test('equal settings give equal bytes, whatever their order or form', () => {
    const a = renderMesosConf({ port: '5050', master: 'h:5050' });
    expect(renderMesosConf({ master: 'h:5050', port: '5050' })).toBe(a);
    expect(renderMesosConf([{ key: 'port', value: '5050' }, { key: 'master', value: 'h:5050' }])).toBe(a);
  });

  test('an empty configuration is the header alone, which reads back as empty', () => {
    expect(renderMesosConf({})).toBe(`${MESOS_CONF_HEADER}\n`);
    expect(parseMesosConf(renderMesosConf({})).entries).toEqual([]);
  });

  test('validates first and names every bad setting', () => {
    const error = catchToolError(() =>
      renderMesosConf([
        { key: 'zk', value: 'zk://h/p?a=b' },
        { key: 'master', value: 'h:5050 # main' },
        { key: 'Port', value: '1' },
        { key: 'quiet', value: 'true\nport = 1' },
        { key: 'quiet', value: 'x' },
        { key: 'log_dir', value: '/var/log/\u0085x' },
      ]),
    );
    expect(error.code).toBe('BAD_MESOS_CONF');
    expect(error.problems.map((p) => [p.field, p.value])).toEqual([
      ['mesos.conf zk', 'zk://h/p?a=b'],
      ['mesos.conf master', 'h:5050 # main'],
      ['mesos.conf key', 'Port'],
      ['mesos.conf quiet', 'true\nport = 1'],
      ['mesos.conf key', 'quiet'],
      ['mesos.conf log_dir', '/var/log/\u0085x'],
    ]);
  });
});

const keyArb = fc.stringMatching(/^[a-z][a-z0-9_]{0,20}$/);
// Printable ASCII and some non-ASCII, without "=" and "#", as one trimmed, non-empty value.
const valueChar = fc.oneof(
  fc.constantFrom(...' !"$%&\'()*+,-./0123456789:;<>?@ABCXYZ[\\]^_`abcxyz{|}~'.split('')),
  fc.constantFrom('é', 'ß', '日', '\u00a0', '😀'),
);
const valueArb = fc
  .array(valueChar, { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join('').trim())
  .filter((v) => v.length > 0);

describe('mesos.conf properties', () => {
  test('parse(render(m)).values equals m, in key order', () => {
    fc.assert(fc.property(fc.dictionary(keyArb, valueArb, { maxKeys: 20 }), (m) => {
      const conf = parseMesosConf(renderMesosConf(m));
      expect(conf.values).toEqual(m);
      expect(conf.entries.map((e) => e.key)).toEqual(Object.keys(m).sort());
    }));
  });

  test('rendering what was read gives the same bytes again', () => {
    fc.assert(fc.property(fc.dictionary(keyArb, valueArb, { maxKeys: 20 }), (m) => {
      const text = renderMesosConf(m);
      expect(renderMesosConf(parseMesosConf(text).entries)).toBe(text);
    }));
  });

  test('any text either parses or is refused with BAD_MESOS_CONF naming the file', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      let error: unknown;
      try {
        parseMesosConf(text);
      } catch (e) {
        error = e;
      }
      if (error === undefined) return;
      const e = catchToolError(() => { throw error; });
      expect(e.code).toBe('BAD_MESOS_CONF');
      for (const p of e.problems) expect(p.field).toMatch(/^mesos\.conf( line \d+)?$/);
    }));
  });
});
