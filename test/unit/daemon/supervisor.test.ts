import { describe, expect, test } from '@jest/globals';
import type { ChildSpec } from '../../../daemon/supervisor/child-spec.js';
import { Supervisor, type DesiredChild } from '../../../daemon/supervisor/supervisor.js';
import type { Transition } from '../../../daemon/supervisor/supervised-process.js';
import { fakeLauncher } from '../../helpers/fake-launcher.js';
import { ManualClock } from '../../helpers/manual-clock.js';

const master: ChildSpec = { name: 'master', file: '/p/sbin/mesos-master', args: ['--ip=10.0.0.1', '--port=5050'], env: { LD_LIBRARY_PATH: '/p/lib' } };
const slave: ChildSpec = { name: 'slave', file: '/p/sbin/mesos-slave', args: ['--master=10.0.0.1:5050', '--port=5051'], env: { LD_LIBRARY_PATH: '/p/lib' } };

function desired(...specs: ChildSpec[]): Map<string, DesiredChild> {
  return new Map(specs.map((spec) => [spec.name, { spec, probe: async () => 'healthy' as const }]));
}

function setup() {
  const clock = new ManualClock();
  const { launch, children } = fakeLauncher();
  const transitions: Transition[] = [];
  const supervisor = new Supervisor({ launch, clock, onTransition: (t) => transitions.push(t) });
  return { clock, children, transitions, supervisor };
}

describe('Supervisor', () => {
  test('starts the master before the slave', async () => {
    const { supervisor, children } = setup();
    const result = await supervisor.apply(desired(slave, master), 'boot');
    expect(result).toEqual({ started: ['master', 'slave'], restarted: [], stopped: [], unchanged: [] });
    expect(children.map((c) => c.spec.name)).toEqual(['master', 'slave']);
  });

  test('a state that changes no command line restarts nothing', async () => {
    const { supervisor, children } = setup();
    await supervisor.apply(desired(master, slave), 'boot');
    const result = await supervisor.apply(desired({ ...master, env: { ...master.env } }, { ...slave }), 'mesos.conf comment edited');
    expect(result.unchanged).toEqual(['master', 'slave']);
    expect(children).toHaveLength(2);
    expect(children.flatMap((c) => c.signals)).toEqual([]);
  });

  test('a new master address restarts only the slave', async () => {
    const { supervisor, children } = setup();
    await supervisor.apply(desired(master, slave), 'boot');
    const moved = { ...slave, args: ['--master=10.0.0.2:5050', '--port=5051'] };
    const result = await supervisor.apply(desired(master, moved), 'masters changed');
    expect(result).toEqual({ started: [], restarted: ['slave'], stopped: [], unchanged: ['master'] });
    expect(children.map((c) => [c.spec.name, c.signals])).toEqual([['master', []], ['slave', ['SIGTERM']], ['slave', []]]);
    expect(supervisor.status().map((s) => s.restarts)).toEqual([0, 0]);
  });

  test('an environment change restarts the child', async () => {
    const { supervisor } = setup();
    await supervisor.apply(desired(master), 'boot');
    const result = await supervisor.apply(desired({ ...master, env: { LD_LIBRARY_PATH: '/q/lib' } }), 'prefix moved');
    expect(result.restarted).toEqual(['master']);
  });

  test('a change of what a child reads at start (its mesos.conf keys) restarts it; of what it does not, nothing', async () => {
    const { supervisor } = setup();
    await supervisor.apply(desired({ ...master, reads: { zk: 'file:///etc/zk' } }, { ...slave, reads: { resources: 'cpus:1' } }), 'boot');
    const result = await supervisor.apply(desired({ ...master, reads: { zk: 'file:///etc/zk' } }, { ...slave, reads: { resources: 'cpus:2' } }), 'resources');
    expect(result).toEqual({ started: [], restarted: ['slave'], stopped: [], unchanged: ['master'] });
  });

  test('a role given up is stopped', async () => {
    const { supervisor, children } = setup();
    await supervisor.apply(desired(master, slave), 'boot');
    const result = await supervisor.apply(desired(slave), 'no longer a master');
    expect(result.stopped).toEqual(['master']);
    expect(children[0]?.signals).toEqual(['SIGTERM']);
    expect(supervisor.status().map((s) => s.name)).toEqual(['slave']);
  });

  test('stopAll stops the slave, then the master, and later applies start nothing', async () => {
    const { supervisor, transitions, children } = setup();
    await supervisor.apply(desired(master, slave), 'boot');
    await supervisor.stopAll('SIGTERM received');
    expect(transitions.filter((t) => t.to === 'stopping' || t.to === 'stopped').map((t) => `${t.child}:${t.to}`)).toEqual([
      'slave:stopping', 'slave:stopped', 'master:stopping', 'master:stopped',
    ]);
    await supervisor.apply(desired(master, slave), 'late change');
    expect(children).toHaveLength(2);
  });

  test('a master that dies while the slave is being stopped is not started again', async () => {
    const clock = new ManualClock();
    const { launch, children } = fakeLauncher({ exitOnSigterm: false });
    const supervisor = new Supervisor({ launch, clock, onTransition: () => undefined });
    await supervisor.apply(desired(master, slave), 'boot');
    const stopping = supervisor.stopAll('SIGINT from the terminal');
    children[0]!.exit({ code: 0 }); // the master got the terminal's signal too
    await clock.advance(10);
    children[1]!.exit({ code: 0 });
    await stopping;
    expect(children).toHaveLength(2);
    expect(supervisor.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });

  test('restart by name; an unknown name is refused', async () => {
    const { supervisor, children } = setup();
    await supervisor.apply(desired(master), 'boot');
    expect(await supervisor.restart('master', 'operator asked')).toBe(true);
    expect(await supervisor.restart('slave', 'operator asked')).toBe(false);
    expect(children).toHaveLength(2);
  });
});
