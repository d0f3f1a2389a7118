import { describe, expect, jest, test } from '@jest/globals';
import { silentNotifier, statusLine, systemdNotifier, type NotifySender } from '../../../systemd/sd-notify.js';

const UNDER_SYSTEMD = { NOTIFY_SOCKET: '/run/systemd/notify' };

/** A sender that records what systemd-notify would have been run with, answering each call when told to. */
function recordingSender(): { sent: string[][]; envs: Array<Record<string, string>>; send: NotifySender; answerAll: () => Promise<void> } {
  const sent: string[][] = [];
  const envs: Array<Record<string, string>> = [];
  const waiting: Array<() => void> = [];
  return {
    sent, envs,
    send: (args, env) => {
      sent.push([...args]);
      envs.push({ ...env });
      return new Promise((resolve) => waiting.push(() => resolve(undefined)));
    },
    answerAll: async () => {
      for (let i = 0; i < 50; i++) {
        const next = waiting.shift();
        if (next === undefined) await new Promise((r) => setImmediate(r));
        else next();
      }
    },
  };
}

describe('systemdNotifier', () => {
  test('outside systemd (no NOTIFY_SOCKET) it is the silent notifier', () => {
    expect(systemdNotifier({})).toBe(silentNotifier);
    expect(systemdNotifier({ NOTIFY_SOCKET: '' })).toBe(silentNotifier);
  });

  test('READY=1 carries the first status, sent as the main pid, with NOTIFY_SOCKET from the given environment', async () => {
    const s = recordingSender();
    const notifier = systemdNotifier(UNDER_SYSTEMD, { pid: 4242, send: s.send });
    const ready = notifier.ready('master running');
    await s.answerAll();
    await ready;
    expect(s.sent).toEqual([['--pid=4242', '--ready', 'STATUS=master running']]);
    expect(s.envs).toEqual([{ NOTIFY_SOCKET: '/run/systemd/notify' }]);
  });

  test('messages go out one at a time; a status waiting for its turn is replaced by the newest and sent last', async () => {
    const s = recordingSender();
    const notifier = systemdNotifier(UNDER_SYSTEMD, { pid: 7, send: s.send });
    const all = [notifier.ready('starting'), notifier.status('one'), notifier.status('two'), notifier.status('three'), notifier.stopping()];
    await new Promise((r) => setImmediate(r));
    expect(s.sent).toHaveLength(1); // the first is still running: nothing else has started
    await s.answerAll();
    await Promise.all(all);
    expect(s.sent.map((args) => args.slice(1).join(' '))).toEqual(['--ready STATUS=starting', 'STOPPING=1', 'STATUS=three']);
  });

  test('an unchanged status is not sent again; newlines cannot cut a status line', async () => {
    const s = recordingSender();
    const notifier = systemdNotifier(UNDER_SYSTEMD, { pid: 7, send: s.send });
    const first = notifier.status('a\nb\tc ');
    await s.answerAll();
    await first;
    await notifier.status('a b c');
    expect(s.sent.map((args) => args[1])).toEqual(['STATUS=a b c']);
    expect(statusLine('x\r\n\u0000y')).toBe('x y');
  });

  test('a status line older than READY=1 is dropped rather than sent after it', async () => {
    const s = recordingSender();
    const notifier = systemdNotifier(UNDER_SYSTEMD, { pid: 7, send: s.send });
    const done = [notifier.stopping(), notifier.status('old'), notifier.ready('new')];
    await s.answerAll();
    await Promise.all(done);
    expect(s.sent.map((args) => args.slice(1).join(' '))).toEqual(['STOPPING=1', '--ready STATUS=new']);
  });

  test('a failure is reported once, not on every message', async () => {
    const told: string[] = [];
    const notifier = systemdNotifier(UNDER_SYSTEMD, { pid: 7, send: async () => 'systemd-notify is not installed', onError: (m) => told.push(m) });
    await notifier.ready('x');
    await notifier.status('y');
    await notifier.stopping();
    expect(told).toEqual(['sd_notify --ready STATUS=x failed: systemd-notify is not installed']);
  });

  test('the watchdog pings at half the interval, only when the watchdog is meant for this pid', async () => {
    jest.useFakeTimers();
    try {
      const sent: string[] = [];
      const send: NotifySender = async (args) => {
        sent.push(args.slice(1).join(' '));
        return undefined;
      };
      const env = { ...UNDER_SYSTEMD, WATCHDOG_USEC: '4000000', WATCHDOG_PID: '7' };
      const stop = systemdNotifier(env, { pid: 7, send }).startWatchdog();
      await jest.advanceTimersByTimeAsync(6_100);
      expect(sent).toEqual(['WATCHDOG=1', 'WATCHDOG=1', 'WATCHDOG=1']);
      stop();
      await jest.advanceTimersByTimeAsync(10_000);
      expect(sent).toHaveLength(3);
      systemdNotifier({ ...env, WATCHDOG_PID: '8' }, { pid: 7, send }).startWatchdog();
      systemdNotifier(UNDER_SYSTEMD, { pid: 7, send }).startWatchdog();
      await jest.advanceTimersByTimeAsync(10_000);
      expect(sent).toHaveLength(3);
    } finally {
      jest.useRealTimers();
    }
  });

  test('a status message that hangs does not hold up the watchdog pings', async () => {
    jest.useFakeTimers();
    try {
      const pings: string[] = [];
      const send: NotifySender = (args) => {
        if (args[1] === 'WATCHDOG=1') {
          pings.push(args[1]);
          return Promise.resolve(undefined);
        }
        return new Promise(() => undefined); // never answers
      };
      const notifier = systemdNotifier({ ...UNDER_SYSTEMD, WATCHDOG_USEC: '2000000' }, { pid: 7, send });
      void notifier.status('stuck');
      const stop = notifier.startWatchdog();
      await jest.advanceTimersByTimeAsync(3_100);
      stop();
      expect(pings).toEqual(['WATCHDOG=1', 'WATCHDOG=1', 'WATCHDOG=1']);
    } finally {
      jest.useRealTimers();
    }
  });
});
