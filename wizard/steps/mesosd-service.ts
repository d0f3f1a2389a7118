import { ToolError } from '../../src/errors.js';
import { fetchNodeStatus } from '../../src/control/control-client.js';
import { summaryLine } from '../../src/control/node-status-text.js';
import type { NodeStatus } from '../../src/control/protocol.js';
import type { Step } from '../run/step.js';

/** What the wizard needs from systemd: install (or keep) mesosd's unit and have it running. */
export interface ServiceInstaller {
  /** Describes the D-Bus calls, for the plan. */
  describe(execStart: readonly string[], unitDir: string): readonly string[];
  /** Writes the unit if it changed, reloads, enables and starts (or restarts) it; says what it did. */
  install(execStart: readonly string[], unitDir: string): Promise<string>;
}

export interface MesosdServiceInput {
  readonly execStart: readonly string[];
  readonly unitDir: string;
  readonly controlSocket: string;
  readonly installer: ServiceInstaller;
  /** How long to wait for mesosd to answer on its control socket. Default 60 s. */
  readonly readyTimeoutMs?: number;
  readonly fetchStatus?: (socketPath: string) => Promise<NodeStatus>;
}

/** Install and start mesosd.service, then wait until mesosd answers and has started its Mesos processes. */
export function mesosdServiceSteps(input: MesosdServiceInput): Step[] {
  const fetchStatus = input.fetchStatus ?? ((socketPath: string) => fetchNodeStatus({ socketPath, timeoutMs: 2000 }));
  return [
    {
      id: 'mesosd-service',
      title: 'Install and start mesosd.service',
      actions: input.installer.describe(input.execStart, input.unitDir),
      inputs: { execStart: input.execStart },
      always: true,
      run: async () => input.installer.install(input.execStart, input.unitDir),
    },
    {
      id: 'mesosd-ready',
      title: 'Wait for mesosd',
      actions: [`wait until mesosd answers on ${input.controlSocket} and has started this node's Mesos processes`],
      inputs: null,
      always: true,
      run: async (context) => {
        const deadline = Date.now() + (input.readyTimeoutMs ?? 60_000);
        let last: string | undefined;
        while (Date.now() < deadline) {
          if (context.signal.aborted) throw new ToolError('INTERRUPTED', 'interrupted while waiting for mesosd');
          const status = await fetchStatus(input.controlSocket).catch((error: unknown) => {
            last = error instanceof Error ? error.message : String(error);
            return undefined;
          });
          if (status !== undefined && status.children.every((c) => c.state !== 'stopped')) return summaryLine(status);
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        throw new ToolError('MESOSD_NOT_READY', `mesosd did not get ready in time${last === undefined ? '' : ` (last: ${last})`}`, {
          hint: 'see `systemctl status mesosd` and `journalctl -u mesosd -n 50`',
        });
      },
    },
  ];
}
