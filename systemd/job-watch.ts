import { ToolError } from '../src/errors.js';
import type { BusConnection, BusSignal } from './dbus-connection.js';

/** systemd's JobRemoved signal: the job is over, with `result` done, canceled, timeout, failed, dependency or skipped. */
export interface JobRemoved {
  readonly job: string;
  readonly unit: string;
  readonly result: string;
}

/** Reads a JobRemoved signal (`uoss`: id, job path, unit, result); undefined for any other signal. */
export function jobRemovedFrom(signal: BusSignal): JobRemoved | undefined {
  if (signal.interface !== 'org.freedesktop.systemd1.Manager' || signal.member !== 'JobRemoved') return undefined;
  const [, job, unit, result] = signal.body;
  if (typeof job !== 'string' || typeof unit !== 'string' || typeof result !== 'string') return undefined;
  return { job, unit, result };
}

/**
 * Collects JobRemoved signals from the moment it is made, so that a job which ends before its start call has even
 * returned (a unit that fails at once) is not missed. Make it before starting the job; dispose of it after.
 */
export interface JobWatch {
  /** The result of the job at `jobPath`, once systemd has removed it; a ToolError after `timeoutMs`. */
  resultOf(jobPath: string, what: string, timeoutMs: number): Promise<string>;
  dispose(): void;
}

export function watchJobs(connection: BusConnection): JobWatch {
  const seen = new Map<string, string>();
  const waiting = new Map<string, { resolve: (result: string) => void; reject: (error: ToolError) => void }>();
  const stop = connection.onSignal((signal) => {
    const removed = jobRemovedFrom(signal);
    if (removed === undefined) return;
    const waiter = waiting.get(removed.job);
    if (waiter === undefined) seen.set(removed.job, removed.result);
    else waiter.resolve(removed.result);
  });
  const stopBroken = connection.onBroken((error) => {
    for (const waiter of [...waiting.values()]) waiter.reject(error);
  });
  return {
    resultOf: (jobPath, what, timeoutMs) => {
      const already = seen.get(jobPath);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(jobPath);
          reject(new ToolError('SYSTEMD_TIMEOUT', `${what} did not finish within ${Math.round(timeoutMs / 1000)} s`, {
            hint: 'the job is still queued or running in systemd; see `systemctl list-jobs` and `systemctl status`',
          }));
        }, timeoutMs);
        const settle = () => {
          clearTimeout(timer);
          waiting.delete(jobPath);
        };
        waiting.set(jobPath, {
          resolve: (result) => {
            settle();
            resolve(result);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
        });
      });
    },
    dispose: () => {
      stop();
      stopBroken();
      seen.clear();
    },
  };
}
