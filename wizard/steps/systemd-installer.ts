import { join } from 'node:path';
import type { ServiceInstaller } from './mesosd-service.js';

const UNIT = 'mesosd.service';

/**
 * mesosd.service through systemd's D-Bus API. The D-Bus client is loaded only when the unit is installed, so the
 * wizard's first question does not wait for it.
 */
export function systemdServiceInstaller(env: NodeJS.ProcessEnv = process.env): ServiceInstaller {
  return {
    describe: (execStart, unitDir) => [
      `write ${join(unitDir, UNIT)} (Type=notify, Restart=always, KillMode=mixed) with ExecStart=${execStart.join(' ')}`,
      'D-Bus: org.freedesktop.systemd1.Manager.EnableUnitFiles(["mesosd.service"]), Reload(), StartUnit("mesosd.service", "replace")',
      'if mesosd runs already with this unit: ReloadUnit("mesosd.service") (SIGHUP: it reads the new cluster settings)',
    ],
    install: async (execStart, unitDir) => {
      const systemd = await import('../../systemd/index.js');
      const manager = await systemd.connectSystemd({ env });
      try {
        const result = await systemd.installUnit({
          systemd: manager, name: UNIT, unitDir, text: systemd.renderMesosdUnit({ execStart }), reloadIfRunning: true,
        });
        const did = [result.changed ? 'unit written' : 'unit unchanged', ...(result.enabled ? ['enabled'] : []),
          ...(result.action === 'none' ? [] : [result.action])];
        return did.join(', ');
      } finally {
        await manager.close();
      }
    },
  };
}
