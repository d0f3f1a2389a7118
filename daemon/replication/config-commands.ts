import { ToolError } from '../../src/errors.js';
import { isThisNode } from '../../src/model/cluster-settings.js';
import { checkHost } from '../../src/validate/values.js';
import { addMember, describeHistory, removeMember, serializeState, setKey, settingValueFromText } from '../../src/state/index.js';
import type { Replica } from './replica.js';

/** What `mesosd config ...` asks of the running mesosd over its control socket. */
export type ConfigCommand =
  | { readonly action: 'get' }
  | { readonly action: 'history' }
  | { readonly action: 'set'; readonly key: string; readonly value: string }
  | { readonly action: 'add-slave' | 'remove-slave'; readonly host: string }
  | { readonly action: 'leave' };

export type ConfigHandler = (command: ConfigCommand) => Promise<unknown>;

function checkedHost(host: string): string {
  const expected = checkHost(host);
  if (expected !== undefined) {
    throw new ToolError('BAD_SETTING', `${JSON.stringify(host)} is not valid; expected ${expected}`, { hint: 'give a host name or an IPv4 address' });
  }
  return host;
}

/** The config commands, as changes to the replicated state (checked whole, saved, then spread). */
export function configCommands(replica: Replica, self: { readonly hostname: string; readonly advertise: string }): ConfigHandler {
  return async (command) => {
    switch (command.action) {
      case 'leave': {
        const listed = (hosts: readonly string[]) => hosts.filter((host) => isThisNode(host, self));
        const { masters, slaves } = replica.settings;
        if (listed(masters).length > 0 && masters.length === listed(masters).length) {
          throw new ToolError('LAST_MASTER', 'this node is the cluster\'s only master: leaving would leave the cluster without one', {
            hint: 'make another node the master first (`mesosd config` on any node), or uninstall the whole cluster',
          });
        }
        const changed = await replica.local((state, nodeId) => {
          let next = state;
          for (const host of listed(slaves)) next = removeMember(next, nodeId, 'slaves', host);
          for (const host of listed(masters)) next = removeMember(next, nodeId, 'masters', host);
          return next;
        }, 'mesosd leave');
        return { changed, version: replica.version };
      }
      case 'get':
        return { version: replica.version, settings: replica.settings };
      case 'history':
        return { events: describeHistory(replica.state.history).map((event) => event.text) };
      case 'set': {
        const value = settingValueFromText(command.key, command.value);
        const changed = await replica.local((state, self) => setKey(state, self, command.key, value), `mesosd config set ${command.key}`);
        return { changed, version: replica.version };
      }
      case 'add-slave': {
        const host = checkedHost(command.host);
        const changed = await replica.local((state, self) => addMember(state, self, 'slaves', host), `mesosd config add-slave ${host}`);
        return { changed, version: replica.version };
      }
      case 'remove-slave': {
        const host = checkedHost(command.host);
        if (!replica.settings.slaves.some((slave) => isThisNode(slave, { hostname: host, advertise: host }))) {
          throw new ToolError('NOT_A_SLAVE', `${host} is not among the slaves (${replica.settings.slaves.join(', ') || 'none'})`, {
            hint: 'see `mesosd config get slaves`',
          });
        }
        const changed = await replica.local((state, self) => removeMember(state, self, 'slaves', host), `mesosd config remove-slave ${host}`);
        return { changed, version: replica.version };
      }
    }
  };
}

export { serializeState };
