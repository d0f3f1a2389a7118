import { execa } from 'execa';

/** What a Type=notify service tells systemd. Outside systemd every call does nothing. */
export interface Notifier {
  /** READY=1 with the first status line. */
  ready(status: string): Promise<void>;
  /** STATUS=, sent only when it changed. */
  status(line: string): Promise<void>;
  stopping(): Promise<void>;
  /** Starts WATCHDOG=1 pings at half the interval systemd asks for; returns a function that stops them. */
  startWatchdog(): () => void;
}

export const silentNotifier: Notifier = {
  ready: async () => undefined,
  status: async () => undefined,
  stopping: async () => undefined,
  startWatchdog: () => () => undefined,
};

/**
 * sd_notify through `systemd-notify --pid=<our pid>`: Node's own sockets cannot send unix datagrams and nothing
 * needs a compiler at install time. With NotifyAccess=main, systemd accepts the message as the main process's.
 */
export function systemdNotifier(env: NodeJS.ProcessEnv = process.env, pid = process.pid): Notifier {
  if (env['NOTIFY_SOCKET'] === undefined || env['NOTIFY_SOCKET'] === '') return silentNotifier;
  let lastStatus: string | undefined;
  const send = async (...assignments: string[]) => {
    await execa('systemd-notify', [`--pid=${pid}`, ...assignments], { reject: false, timeout: 5000, stdin: 'ignore' });
  };
  return {
    ready: async (status) => {
      lastStatus = status;
      await send('--ready', `STATUS=${status}`);
    },
    status: async (line) => {
      if (line === lastStatus) return;
      lastStatus = line;
      await send(`STATUS=${line}`);
    },
    stopping: () => send('STOPPING=1'),
    startWatchdog: () => {
      const usec = Number(env['WATCHDOG_USEC']);
      const forUs = env['WATCHDOG_PID'] === undefined || Number(env['WATCHDOG_PID']) === pid;
      if (!Number.isFinite(usec) || usec <= 0 || !forUs) return () => undefined;
      const timer = setInterval(() => void send('WATCHDOG=1'), Math.max(500, usec / 2000));
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
