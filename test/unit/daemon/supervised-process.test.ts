import { describe, expect, test } from '@jest/globals';
import { decideRestart, DEFAULT_BACKOFF } from '../../../daemon/supervisor/backoff.js';
import type { ChildSpec } from '../../../daemon/supervisor/child-spec.js';
import { SupervisedProcess, type Health, type Transition } from '../../../daemon/supervisor/supervised-process.js';
import { fakeLauncher } from '../../helpers/fake-launcher.js';
import { flush, ManualClock } from '../../helpers/manual-clock.js';

const spec: ChildSpec = { name: 'master', file: '/usr/local/sbin/mesos-master', args: ['--port=5050'], env: {} };

function setup(health: { value: Health } = { value: 'healthy' }, launcherOptions = {}) {
  const clock = new ManualClock();
  const { launch, children } = fakeLauncher(launcherOptions);
  const transitions: Transition[] = [];
  const policy = { initialMs: 1000, maxMs: 8000, resetAfterHealthyMs: 60_000 };
  const process = new SupervisedProcess({
    spec, launch, clock, policy, probeIntervalMs: 1000, stopTimeoutMs: 5000,
    probe: async () => health.value,
    onTransition: (t) => transitions.push(t),
  });
  return { clock, children, transitions, process, health };
}

describe('decideRestart', () => {
  test('immediate first, then doubling from 1 s, capped at 60 s, reset by a minute of health', () => {
    let streak = 0;
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const d = decideRestart(DEFAULT_BACKOFF, streak, 0);
      delays.push(d.delayMs);
      streak = d.streak;
    }
    expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(decideRestart(DEFAULT_BACKOFF, streak, 59_999).delayMs).toBe(60000);
    expect(decideRestart(DEFAULT_BACKOFF, streak, 60_000)).toEqual({ delayMs: 0, streak: 1 });
  });
});

describe('SupervisedProcess', () => {
  test('starting, then healthy once the probe answers', async () => {
    const { clock, process, transitions } = setup();
    process.start();
    expect(process.state).toBe('starting');
    await clock.advance(100);
    expect(process.state).toBe('healthy');
    expect(transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['stopped>starting', 'starting>healthy']);
  });

  test('a crash loop restarts at once, then backs off 1, 2, 4, 8, 8 s; the reason carries the exit and stderr', async () => {
    const { clock, process, children, transitions } = setup({ value: 'unreachable' });
    process.start();
    for (let i = 0; i < 6; i++) {
      const child = children.at(-1)!;
      child.say('stderr', `Failed to initialize, bind: Address already in use (${i})`);
      child.exit({ code: 1 });
      await clock.advance(10_000);
    }
    const backoffs = transitions.filter((t) => t.to === 'backoff');
    expect(backoffs.map((t) => t.delayMs)).toEqual([0, 1000, 2000, 4000, 8000, 8000]);
    expect(backoffs[0]?.reason).toBe('exited with code 1; last output: Failed to initialize, bind: Address already in use (0)');
    expect(children).toHaveLength(7);
    expect(process.status().restarts).toBe(6);
  });

  test('a minute of health forgets the streak: the next crash restarts at once', async () => {
    const { clock, process, children, transitions } = setup();
    process.start();
    children.at(-1)!.exit({ signal: 'SIGSEGV' });
    await clock.advance(100);
    children.at(-1)!.exit({ code: 1 }); // second failure in a row: 1 s
    await clock.advance(1100);
    await clock.advance(61_000); // healthy for over a minute
    children.at(-1)!.exit({ signal: 'SIGKILL' });
    await flush();
    expect(transitions.filter((t) => t.to === 'backoff').map((t) => t.delayMs)).toEqual([0, 1000, 0]);
    expect(transitions.find((t) => t.to === 'backoff')?.reason).toBe('killed by SIGSEGV');
  });

  test('a slave that answers but is not listed is "unregistered" until it is', async () => {
    const health = { value: 'unregistered' as Health };
    const { clock, process } = setup(health);
    process.start();
    await clock.advance(100);
    expect(process.state).toBe('unregistered');
    health.value = 'healthy';
    await clock.advance(1000);
    expect(process.state).toBe('healthy');
    health.value = 'unreachable';
    await clock.advance(1000);
    expect(process.state).toBe('running');
  });

  test('stop sends SIGTERM, then SIGKILL after the timeout, and does not restart', async () => {
    const { clock, process, children, transitions } = setup(undefined, { exitOnSigterm: false });
    process.start();
    await clock.advance(100);
    const stopped = process.stop();
    await clock.advance(4999);
    expect(children[0]?.signals).toEqual(['SIGTERM']);
    await clock.advance(1);
    await stopped;
    expect(children[0]?.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(process.state).toBe('stopped');
    expect(children).toHaveLength(1);
    expect(transitions.at(-1)).toMatchObject({ from: 'stopping', to: 'stopped', reason: 'killed by SIGKILL' });
  });

  test('stop during backoff cancels the pending start', async () => {
    const { clock, process, children } = setup();
    process.start();
    children.at(-1)!.exit({ code: 1 });
    await flush();
    children.at(-1)!.exit({ code: 1 });
    await flush();
    expect(process.state).toBe('backoff');
    await process.stop();
    await clock.advance(120_000);
    expect(process.state).toBe('stopped');
    expect(children).toHaveLength(2);
  });

  test('a repair hook runs before the restart and its words are in the reason', async () => {
    const clock = new ManualClock();
    const { launch, children } = fakeLauncher();
    const transitions: Transition[] = [];
    const process = new SupervisedProcess({
      spec, launch, clock, probe: async () => 'healthy', onTransition: (t) => transitions.push(t),
      repair: async (_s, _e, tail) => (tail.some((l) => l.includes('Incompatible')) ? 'moved meta/slaves/latest aside' : undefined),
    });
    process.start();
    children[0]!.say('stderr', 'Incompatible agent info detected');
    children[0]!.exit({ code: 1 });
    await clock.advance(10);
    expect(transitions.find((t) => t.to === 'backoff')?.reason).toBe(
      'exited with code 1; last output: Incompatible agent info detected; moved meta/slaves/latest aside',
    );
    expect(children).toHaveLength(2);
  });

  test('replaceSpec restarts a running child with the new command line', async () => {
    const { clock, process, children } = setup();
    process.start();
    await clock.advance(100);
    await process.replaceSpec({ ...spec, args: ['--port=6060'] }, 'master port changed');
    expect(children).toHaveLength(2);
    expect(children[0]?.signals).toEqual(['SIGTERM']);
    expect(process.status().commandLine).toBe('/usr/local/sbin/mesos-master --port=6060');
  });
});
