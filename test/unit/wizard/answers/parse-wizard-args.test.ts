import { describe, expect, test } from '@jest/globals';
import { exitCodeFor } from '../../../../src/cli/run-cli.js';
import { checkPeerAddress, parseWizardArgs, splitPeerAddress } from '../../../../wizard/answers/parse-wizard-args.js';
import { catchToolError } from '../../formats/catch-tool-error.js';

describe('parseWizardArgs', () => {
  test('reads every answer flag and the run options', () => {
    const parsed = parseWizardArgs('create', [
      '--prefix', '/opt/mesos', '--java-home=/usr/lib/jvm/jdk', '--scala-home', '/opt/scala', '--spark-home', '/opt/spark',
      '--mesos-source', 'mesos.tar.gz', '--mesos-sha256', 'ab', '--mesos-version', '0.9.0', '--master', 'm1',
      '--slaves', 's1,s2', '--role', 'both', '--advertise', '10.0.0.5', '--hostname', 'm1',
      '--answers', 'a.json', '--yes', '--dry-run', '--no-systemd', '--log-file', 'setup.log',
    ]);
    expect(parsed.flags).toEqual({
      prefix: '/opt/mesos', javaHome: '/usr/lib/jvm/jdk', scalaHome: '/opt/scala', sparkHome: '/opt/spark',
      mesosSource: 'mesos.tar.gz', mesosSha256: 'ab', mesosVersion: '0.9.0', master: 'm1', slaves: ['s1', 's2'],
      role: 'both', advertise: '10.0.0.5', hostname: 'm1',
    });
    expect(parsed.answersFile).toBe('a.json');
    expect(parsed.run).toEqual({ yes: true, dryRun: true, noSystemd: true, logFile: 'setup.log', joinPeer: undefined, token: undefined });
  });

  test('nothing given: no answers, and every run option off', () => {
    expect(parseWizardArgs('reconfigure', [])).toEqual({
      flags: {}, answersFile: undefined,
      run: { yes: false, dryRun: false, noSystemd: false, logFile: undefined, root: undefined, joinPeer: undefined, token: undefined },
    });
  });

  test('--slaves takes commas and white space, and adds up when repeated; an empty one is an empty list', () => {
    expect(parseWizardArgs('create', ['--slaves', 'a, b  c,,d', '--slaves', 'e']).flags.slaves).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(parseWizardArgs('create', ['--slaves', '']).flags.slaves).toEqual([]);
  });

  test('join takes HOST[:PORT] and --token', () => {
    const parsed = parseWizardArgs('join', ['node1.example.com:5055', '--token', 'T0K3N', '--advertise', '10.0.0.6']);
    expect(parsed.run.joinPeer).toBe('node1.example.com:5055');
    expect(parsed.run.token).toBe('T0K3N');
    expect(parsed.flags).toEqual({ advertise: '10.0.0.6' });
  });

  test('join without a peer, or with a bad one, is a usage error (exit 2)', () => {
    const missing = catchToolError(() => parseWizardArgs('join', ['--token', 'T']));
    expect(missing.message).toBe('spark-mesos-setup join: expected the host of a node of the cluster: join HOST[:PORT] --token TOKEN');
    expect(exitCodeFor(missing)).toBe(2);
    const bad = catchToolError(() => parseWizardArgs('join', ['node;rm:5055']));
    expect(bad.code).toBe('USAGE');
    expect(bad.message).toContain('"node;rm:5055" is not valid; expected HOST[:PORT] with HOST a host name');
    expect(catchToolError(() => parseWizardArgs('join', ['node1:99999'])).message).toContain('with PORT a port number from 1 to 65535');
    expect(catchToolError(() => parseWizardArgs('join', ['a', 'b'])).message).toBe('spark-mesos-setup join: unexpected argument "b"');
  });

  test('unknown and misplaced options are usage errors (exit 2)', () => {
    const unknown = catchToolError(() => parseWizardArgs('create', ['--java_home', '/x']));
    expect(unknown.code).toBe('USAGE');
    expect(unknown.message).toContain("spark-mesos-setup create: Unknown option '--java_home'");
    expect(exitCodeFor(unknown)).toBe(2);
    expect(catchToolError(() => parseWizardArgs('create', ['--token', 'T'])).message).toContain("Unknown option '--token'");
    expect(catchToolError(() => parseWizardArgs('uninstall', ['--java-home', '/x'])).message).toContain("Unknown option '--java-home'");
    expect(catchToolError(() => parseWizardArgs('create', ['extra'])).message).toBe('spark-mesos-setup create: unexpected argument "extra"');
    expect(catchToolError(() => parseWizardArgs('create', ['--yes=no'])).code).toBe('USAGE');
    expect(catchToolError(() => parseWizardArgs('menu', ['--answers', ''])).message).toBe('spark-mesos-setup: --answers: an empty value is not valid; expected a file name');
  });

  test('the menu takes answers and --token (it may lead to join); uninstall takes only run options', () => {
    expect(parseWizardArgs('menu', ['--token', 'T', '--prefix', '/p']).run.token).toBe('T');
    expect(parseWizardArgs('uninstall', ['--yes', '--no-systemd']).run).toMatchObject({ yes: true, noSystemd: true });
  });
});

describe('peer addresses', () => {
  test('split host and port, IPv6 in brackets', () => {
    expect(splitPeerAddress('node1')).toEqual({ host: 'node1', port: undefined });
    expect(splitPeerAddress('node1:5055')).toEqual({ host: 'node1', port: '5055' });
    expect(splitPeerAddress('[fd00::1]:5055')).toEqual({ host: 'fd00::1', port: '5055' });
    expect(splitPeerAddress('fd00::1')).toEqual({ host: 'fd00::1', port: undefined });
    expect(checkPeerAddress('10.0.0.5:5055')).toEqual([]);
    expect(checkPeerAddress('')).toHaveLength(1);
  });
});
