import type { CliIo } from '../../src/cli/run-cli.js';
import { silentNotifier, systemdNotifier } from '../../systemd/sd-notify.js';
import { DEFAULT_CONFIG_FILE } from '../run/daemon-config.js';
import { streamLogger } from '../run/logger.js';
import { runDaemon } from '../run/run-daemon.js';

/** `mesosd run`: what the systemd unit runs. Returns when mesosd has stopped (SIGTERM/SIGINT). */
export async function runCommand(options: { config?: string; 'no-systemd'?: boolean }, io: CliIo): Promise<number> {
  const underSystemd = options['no-systemd'] !== true && io.env['NOTIFY_SOCKET'] !== undefined;
  const log = streamLogger(io.stderr, { journal: options['no-systemd'] !== true && io.env['JOURNAL_STREAM'] !== undefined });
  const daemon = await runDaemon({
    configFile: options.config ?? DEFAULT_CONFIG_FILE,
    log,
    notifier: underSystemd ? systemdNotifier(io.env) : silentNotifier,
    environment: io.env,
  });
  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      void daemon.stop(`${signal} received`).then(() => {
        process.off('SIGHUP', reload);
        resolve(0);
      });
    };
    const reload = () => void daemon.reload('SIGHUP received');
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.on('SIGHUP', reload);
  });
}
