import { assertNoProblems, showValue, ToolError, type Problem } from '../src/errors.js';
import { environmentAssignment, execLine, hasControlCharacter, plainValue } from './unit-syntax.js';

/** The unit's file name. */
export const MESOSD_UNIT_NAME = 'mesosd.service';

/** How long mesosd gives each child to stop before SIGKILL (daemon/supervisor), and how many it stops in turn. */
export const MESOSD_CHILD_STOP_TIMEOUT_SEC = 10;
const MESOSD_CHILDREN_STOPPED_IN_TURN = 2;
/** mesosd stops the slave, then the master, each within its timeout, then itself: systemd must wait longer. */
export const MIN_STOP_TIMEOUT_SEC = MESOSD_CHILD_STOP_TIMEOUT_SEC * MESOSD_CHILDREN_STOPPED_IN_TURN + 10;

/** What the mesosd unit is made from. */
export interface MesosdUnitSettings {
  /**
   * ExecStart as argv: the absolute path of node, the installed copy's `bin/mesosd.js`, then `run --config FILE`.
   * Never a path inside npm's npx cache (npm may delete it at any time).
   */
  readonly execStart: readonly string[];
  readonly description?: string;
  /** WatchdogSec=; mesosd pings at half of it. 0 turns the watchdog off. Default 30. */
  readonly watchdogSec?: number;
  /** TimeoutStopSec=; at least MIN_STOP_TIMEOUT_SEC. Default 45. */
  readonly stopTimeoutSec?: number;
  /** TimeoutStartSec=: until READY=1 (after the first sync with peers and the children's start). Default 120. */
  readonly startTimeoutSec?: number;
  /** RestartSec=. Default 2. */
  readonly restartSec?: number;
  /** Extra Environment= assignments, written in name order. */
  readonly environment?: Readonly<Record<string, string>>;
}

const DEFAULTS = { description: 'mesosd: Spark on Mesos node daemon', watchdogSec: 30, stopTimeoutSec: 45, startTimeoutSec: 120, restartSec: 2 };

/** Segments of a path inside npm's cache, where `npx` unpacks packages it runs. */
const NPX_CACHE = /(^|\/)(_npx|\.npm)(\/|$)/;

/** The ExecStart words that lie inside npm's npx cache. */
export function npxCachePaths(argv: readonly string[]): readonly string[] {
  return argv.filter((word) => NPX_CACHE.test(word));
}

function settingsProblems(s: MesosdUnitSettings): Problem[] {
  const problems: Problem[] = [];
  const program = s.execStart[0];
  if (program === undefined || !program.startsWith('/')) {
    problems.push({ field: 'execStart[0]', value: program, expected: 'the absolute path of the program (node)' });
  }
  s.execStart.forEach((word, i) => {
    if (hasControlCharacter(word)) problems.push({ field: `execStart[${i}]`, value: word, expected: 'a word without control characters' });
  });
  const seconds: Array<[string, number | undefined, number]> = [
    ['watchdogSec', s.watchdogSec, 0], ['stopTimeoutSec', s.stopTimeoutSec, MIN_STOP_TIMEOUT_SEC],
    ['startTimeoutSec', s.startTimeoutSec, 1], ['restartSec', s.restartSec, 0],
  ];
  for (const [field, value, min] of seconds) {
    if (value !== undefined && (!Number.isInteger(value) || value < min)) {
      const why = field === 'stopTimeoutSec' ? ` (mesosd stops its children in turn, ${MESOSD_CHILD_STOP_TIMEOUT_SEC} s each)` : '';
      problems.push({ field, value, expected: `a whole number of seconds, at least ${min}${why}` });
    }
  }
  for (const [name, value] of Object.entries(s.environment ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) problems.push({ field: `environment`, value: name, expected: 'a variable name' });
    if (hasControlCharacter(value)) problems.push({ field: `environment.${name}`, value, expected: 'a value without control characters' });
  }
  if (s.description !== undefined && (s.description === '' || hasControlCharacter(s.description))) {
    problems.push({ field: 'description', value: s.description, expected: 'one line of text' });
  }
  return problems;
}

/**
 * The text of mesosd.service. Pure: the same settings give the same bytes, so an unchanged unit is never rewritten.
 * Refuses an ExecStart inside the npx cache (ToolError UNIT_EXEC_IN_NPX_CACHE) and bad settings (INVALID_UNIT_SETTINGS).
 */
export function renderMesosdUnit(settings: MesosdUnitSettings): string {
  const inCache = npxCachePaths(settings.execStart);
  if (inCache.length > 0) {
    throw new ToolError('UNIT_EXEC_IN_NPX_CACHE',
      `the mesosd unit would run ${showValue(inCache[0])}, which is inside npm's npx cache; npm may delete it at any time`, {
        hint: 'install the package to a fixed place first (for example /opt/spark-mesos-setup/<version>) and point ExecStart there',
      });
  }
  assertNoProblems(settingsProblems(settings), 'INVALID_UNIT_SETTINGS', 'the mesosd unit settings', 'this is a bug in the caller; report it');
  const s = { ...DEFAULTS, ...settings };
  const environment = Object.entries(settings.environment ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `Environment=${environmentAssignment(name, value)}`);
  return [
    `# ${MESOSD_UNIT_NAME}, written by spark-mesos-setup; running the wizard again replaces this file.`,
    '# Local changes belong in a drop-in: `systemctl edit mesosd`.',
    '[Unit]',
    `Description=${plainValue(s.description)}`,
    'Wants=network-online.target',
    'After=network-online.target',
    '# Never give up restarting (the default stops after 5 starts in 10 s).',
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=notify',
    'NotifyAccess=main',
    `ExecStart=${execLine(settings.execStart)}`,
    'ExecReload=/bin/kill -HUP $MAINPID',
    ...environment,
    'Restart=always',
    `RestartSec=${s.restartSec}`,
    '# SIGTERM to mesosd alone (it stops its children in order); whatever is left is killed after.',
    'KillMode=mixed',
    `TimeoutStartSec=${s.startTimeoutSec}`,
    `TimeoutStopSec=${s.stopTimeoutSec}`,
    `WatchdogSec=${s.watchdogSec}`,
    'SyslogIdentifier=mesosd',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
