import { describe, expect, test } from '@jest/globals';
import { ToolError } from '../../../src/errors.js';
import { MIN_STOP_TIMEOUT_SEC, npxCachePaths, renderMesosdUnit } from '../../../systemd/mesosd-unit.js';
import { catchToolError } from '../formats/catch-tool-error.js';

const execStart = ['/usr/bin/node', '/opt/spark-mesos-setup/0.1.0/bin/mesosd.js', 'run', '--config', '/etc/mesosd/mesosd.json'];

describe('renderMesosdUnit', () => {
  test('renders the whole unit with its defaults', () => {
    expect(renderMesosdUnit({ execStart })).toBe(`# mesosd.service, written by spark-mesos-setup; running the wizard again replaces this file.
# Local changes belong in a drop-in: \`systemctl edit mesosd\`.
[Unit]
Description=mesosd: Spark on Mesos node daemon
Wants=network-online.target
After=network-online.target
# Never give up restarting (the default stops after 5 starts in 10 s).
StartLimitIntervalSec=0

[Service]
Type=notify
NotifyAccess=main
ExecStart=/usr/bin/node /opt/spark-mesos-setup/0.1.0/bin/mesosd.js run --config /etc/mesosd/mesosd.json
ExecReload=/bin/kill -HUP $MAINPID
Restart=always
RestartSec=2
# SIGTERM to mesosd alone (it stops its children in order); whatever is left is killed after.
KillMode=mixed
TimeoutStartSec=120
TimeoutStopSec=45
WatchdogSec=30
SyslogIdentifier=mesosd

[Install]
WantedBy=multi-user.target
`);
  });

  test('takes the timeouts, the environment (sorted) and the description from the settings', () => {
    const text = renderMesosdUnit({
      execStart, description: 'mesosd 100% (test)', watchdogSec: 0, stopTimeoutSec: 60, startTimeoutSec: 300, restartSec: 5,
      environment: { PATH: '/usr/bin:/bin', JAVA_HOME: '/usr/lib/jvm/java 17' },
    });
    expect(text).toContain('Description=mesosd 100%% (test)\n');
    expect(text).toContain('Environment="JAVA_HOME=/usr/lib/jvm/java 17"\nEnvironment="PATH=/usr/bin:/bin"\n');
    expect(text).toContain('RestartSec=5\n');
    expect(text).toContain('TimeoutStartSec=300\nTimeoutStopSec=60\nWatchdogSec=0\n');
  });

  test('quotes ExecStart words with spaces, quotes, dollars, percent signs and a lone semicolon', () => {
    const text = renderMesosdUnit({ execStart: ['/opt/my node/bin/node', 'a"b', '$HOME', '50%', ';', 'back\\slash', ''] });
    expect(text).toContain('ExecStart="/opt/my node/bin/node" "a\\"b" "$$HOME" "50%%" \\; "back\\\\slash" ""\n');
  });

  test('the same settings give the same bytes', () => {
    expect(renderMesosdUnit({ execStart, environment: { B: '2', A: '1' } })).toBe(renderMesosdUnit({ execStart, environment: { A: '1', B: '2' } }));
  });

  test.each([
    ['/root/.npm/_npx/4f1c2a/node_modules/spark-mesos-setup/bin/mesosd.js'],
    ['/home/ops/.npm/_npx/9e/node_modules/.bin/mesosd'],
    ['/var/cache/npm/_npx/1/node_modules/spark-mesos-setup/bin/mesosd.js'],
  ])('refuses an ExecStart inside the npx cache: %s', (path) => {
    const error = catchToolError(() => renderMesosdUnit({ execStart: ['/usr/bin/node', path, 'run'] }));
    expect(error.code).toBe('UNIT_EXEC_IN_NPX_CACHE');
    expect(error.message).toContain(path);
    expect(error.message).toContain('npx cache');
    expect(error.hint).toContain('/opt/spark-mesos-setup/<version>');
  });

  test('npxCachePaths finds only npm cache segments', () => {
    expect(npxCachePaths(['/usr/bin/node', '/opt/spark-mesos-setup/0.1.0/bin/mesosd.js', '/srv/my_npx_tools/x', '/srv/.npmrc'])).toEqual([]);
    expect(npxCachePaths(['/usr/bin/node', '/root/.npm/x.js'])).toEqual(['/root/.npm/x.js']);
  });

  test('refuses a stop timeout shorter than mesosd needs to stop its children, naming the minimum', () => {
    expect(MIN_STOP_TIMEOUT_SEC).toBeGreaterThanOrEqual(30);
    const error = catchToolError(() => renderMesosdUnit({ execStart, stopTimeoutSec: 15 }));
    expect(error.code).toBe('INVALID_UNIT_SETTINGS');
    expect(error.message).toContain(`stopTimeoutSec: 15 is not valid; expected a whole number of seconds, at least ${MIN_STOP_TIMEOUT_SEC}`);
  });

  test('lists every bad setting at once', () => {
    let caught: unknown;
    try {
      renderMesosdUnit({ execStart: ['node', 'bad\nword'], watchdogSec: 1.5, environment: { 'BAD-NAME': 'x' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ToolError);
    expect((caught as ToolError).problems.map((p) => p.field)).toEqual(['execStart[0]', 'execStart[1]', 'watchdogSec', 'environment']);
  });
});
