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

/** One line for STATUS=: the protocol is newline-separated assignments, so a newline would cut the text. */
export function statusLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** Runs `systemd-notify`; resolves to an error text when it could not deliver, else undefined. */
export type NotifySender = (args: readonly string[], env: Readonly<Record<string, string>>) => Promise<string | undefined>;

const runSystemdNotify: NotifySender = async (args, env) => {
  const result = await execa('systemd-notify', [...args], { env, reject: false, timeout: 5000, stdin: 'ignore' });
  if (result.exitCode === 0) return undefined;
  const said = typeof result.stderr === 'string' ? result.stderr.trim() : '';
  return result.code === 'ENOENT' ? 'systemd-notify is not installed' : said || result.shortMessage;
};

export interface SystemdNotifierOptions {
  /** The main process's pid, which systemd accepts messages from. Default: this process. */
  readonly pid?: number;
  readonly send?: NotifySender;
  /**
   * Told once per distinct failure (a lost READY=1 would otherwise only show as a start timeout much later).
   * Default: a line on stderr, which systemd puts in the unit's journal.
   */
  readonly onError?: (message: string) => void;
}

/**
 * sd_notify through `systemd-notify --pid=<our pid>`: Node's own sockets cannot send unix datagrams and nothing
 * needs a compiler at install time. With NotifyAccess=main, systemd accepts the message as the main process's
 * (root may send credentials with another pid). READY, STATUS and STOPPING go out one at a time, in order: separate
 * processes started at once could arrive out of order and leave an old STATUS= showing. Watchdog pings go on their own.
 */
export function systemdNotifier(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: SystemdNotifierOptions = {},
): Notifier {
  const pid = options.pid ?? process.pid;
  const send = options.send ?? runSystemdNotify;
  const onError = options.onError ?? ((message: string) => void process.stderr.write(`${message}\n`));
  const socket = env['NOTIFY_SOCKET'];
  if (socket === undefined || socket === '') return silentNotifier;
  const childEnv = { NOTIFY_SOCKET: socket };
  let lastStatus: string | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const told = new Set<string>();
  const tell = (failure: string, what: string) => {
    if (told.has(failure)) return;
    told.add(failure);
    onError(`sd_notify ${what} failed: ${failure}`);
  };
  const enqueue = async (args: readonly string[]): Promise<void> => {
    const sent = queue.then(() => send([`--pid=${pid}`, ...args], childEnv));
    queue = sent.catch(() => undefined);
    const failure = await sent.catch((error: unknown) => String(error));
    if (failure !== undefined) tell(failure, args.join(' '));
  };
  // A status line waiting for its turn is replaced by a newer one rather than sent too.
  let pendingStatus: string | undefined;
  let watchdogInFlight = false;
  return {
    ready: async (status) => {
      lastStatus = statusLine(status);
      pendingStatus = undefined; // an older line still waiting must not replace this one
      await enqueue(['--ready', `STATUS=${lastStatus}`]);
    },
    status: async (text) => {
      const line = statusLine(text);
      if (line === lastStatus) return;
      lastStatus = line;
      const waiting = pendingStatus !== undefined;
      pendingStatus = line;
      if (waiting) return;
      await queue;
      const next = pendingStatus;
      pendingStatus = undefined;
      if (next !== undefined) await enqueue([`STATUS=${next}`]);
    },
    stopping: async () => {
      await enqueue(['STOPPING=1']);
    },
    startWatchdog: () => {
      const usec = Number(env['WATCHDOG_USEC']);
      const forUs = env['WATCHDOG_PID'] === undefined || Number(env['WATCHDOG_PID']) === pid;
      if (!Number.isFinite(usec) || usec <= 0 || !forUs) return () => undefined;
      // Pings carry no state, so they do not wait in the queue: a slow status message never delays them, nor they it.
      const timer = setInterval(() => {
        if (watchdogInFlight) return;
        watchdogInFlight = true;
        void send([`--pid=${pid}`, 'WATCHDOG=1'], childEnv)
          .then((failure) => failure === undefined || tell(failure, 'WATCHDOG=1'), (error: unknown) => tell(String(error), 'WATCHDOG=1'))
          .finally(() => {
            watchdogInFlight = false;
          });
      }, Math.max(500, usec / 2000));
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
