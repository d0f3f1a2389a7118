import { ToolError } from '../src/errors.js';

/** What to do when there is no systemd to talk to: run mesosd without it. */
export const NO_SYSTEMD_HINT =
  'systemd is not running here; run mesosd in the foreground with `mesosd run --no-systemd` ' +
  '(and the wizard with `spark-mesos-setup --no-systemd`)';

const NOT_ROOT_HINT = 'managing system units needs root: run again as root (for example with sudo)';

/** The parts of a dbus-next DBusError (or any error) that decide what it means. */
interface ErrorLike {
  readonly type?: unknown;
  readonly text?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

function textOf(error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  if (typeof e.text === 'string' && e.text !== '') return e.text;
  if (typeof e.message === 'string' && e.message !== '') return e.message;
  return String(error);
}

/** A failure to reach the bus at all: no socket, refused, a broken handshake, the bus going away. */
export function connectionErrorToToolError(address: string, cause: unknown): ToolError {
  if (cause instanceof ToolError) return cause;
  const code = (cause as ErrorLike | undefined)?.code;
  const why = typeof code === 'string' ? code : textOf(cause);
  if (code === 'EACCES' || code === 'EPERM') {
    return new ToolError('SYSTEMD_ACCESS_DENIED', `not allowed to connect to the system bus at ${address} (${why})`, {
      cause, hint: NOT_ROOT_HINT,
    });
  }
  return new ToolError('SYSTEMD_UNREACHABLE', `cannot reach systemd over D-Bus at ${address}: ${why}`, {
    cause, hint: NO_SYSTEMD_HINT,
  });
}

/** An error reply to a call on the bus, by its D-Bus error name. */
export function busErrorToToolError(what: string, cause: unknown): ToolError {
  if (cause instanceof ToolError) return cause;
  const type = (cause as ErrorLike | undefined)?.type;
  const name = typeof type === 'string' ? type : 'unknown';
  const text = textOf(cause);
  switch (name) {
    case 'org.freedesktop.DBus.Error.AccessDenied':
    case 'org.freedesktop.DBus.Error.InteractiveAuthorizationRequired':
      return new ToolError('SYSTEMD_ACCESS_DENIED', `systemd refused ${what}: ${text}`, { cause, hint: NOT_ROOT_HINT });
    case 'org.freedesktop.DBus.Error.ServiceUnknown':
    case 'org.freedesktop.DBus.Error.NameHasNoOwner':
      return new ToolError('SYSTEMD_UNREACHABLE', `the system bus has no systemd on it (${text})`, { cause, hint: NO_SYSTEMD_HINT });
    case 'org.freedesktop.systemd1.NoSuchUnit':
    case 'org.freedesktop.DBus.Error.FileNotFound':
      return new ToolError('UNIT_NOT_FOUND', `${what}: ${text}`, {
        cause, hint: 'check the unit name; a new unit file needs `systemctl daemon-reload` before systemd sees it',
      });
    default:
      return new ToolError('SYSTEMD_CALL_FAILED', `${what} failed: ${text} (${name})`, {
        cause, hint: 'see `journalctl -n 50` for what systemd logged',
      });
  }
}

/** A job (start, stop, restart) that ended with another result than `done`. */
export function jobFailedError(verb: string, unit: string, result: string, detail: string, journal: readonly string[]): ToolError {
  const lines = journal.length === 0 ? '' : `\nlast journal lines of ${unit}:\n${journal.map((l) => `  ${l}`).join('\n')}`;
  const code = verb === 'stop' ? 'UNIT_STOP_FAILED' : 'UNIT_START_FAILED';
  return new ToolError(code, `${unit} did not ${verb}: job ${result}${detail === '' ? '' : ` (${detail})`}${lines}`, {
    hint: `fix what the log says, then \`systemctl ${verb} ${unit}\`; \`journalctl -u ${unit}\` shows the whole log`,
  });
}
