import type { EventEmitter } from 'node:events';
import { Message, MessageType, sessionBus, type DBusError, type MessageBus } from 'dbus-next';
import { ToolError } from '../src/errors.js';
import { busErrorToToolError, connectionErrorToToolError } from './systemd-errors.js';

/** Where the system bus listens unless `DBUS_SYSTEM_BUS_ADDRESS` says otherwise (D-Bus specification). */
export const DEFAULT_SYSTEM_BUS_ADDRESS = 'unix:path=/run/dbus/system_bus_socket';

/** The system bus address: `DBUS_SYSTEM_BUS_ADDRESS` when set, else the standard socket. */
export function systemBusAddress(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const fromEnv = env['DBUS_SYSTEM_BUS_ADDRESS'];
  return fromEnv === undefined || fromEnv === '' ? DEFAULT_SYSTEM_BUS_ADDRESS : fromEnv;
}

/** One method call: destination, object, interface, member and its typed arguments. */
export interface BusCall {
  readonly destination: string;
  readonly path: string;
  readonly interface: string;
  readonly member: string;
  readonly signature?: string;
  readonly body?: readonly unknown[];
  /** Default: the connection's call timeout. */
  readonly timeoutMs?: number;
}

/** A received signal. */
export interface BusSignal {
  readonly path: string;
  readonly interface: string;
  readonly member: string;
  readonly body: readonly unknown[];
}

/** A connection to a message bus with calls that always end: replied, failed, timed out, or the bus went away. */
export interface BusConnection {
  readonly address: string;
  /** The body of the reply; bus errors become ToolErrors. */
  call(call: BusCall): Promise<unknown[]>;
  /** Adds a listener for every signal the bus routes to us; returns a function that removes it. */
  onSignal(listener: (signal: BusSignal) => void): () => void;
  /** Calls `listener` once if the connection breaks or is closed; returns a function that removes it. */
  onBroken(listener: (error: ToolError) => void): () => void;
  /** Ends the connection; pending calls fail. Safe to call twice. */
  close(): Promise<void>;
}

export interface ConnectBusOptions {
  readonly address: string;
  /** How long to wait for the connection and the bus's Hello. Default 5 s. */
  readonly connectTimeoutMs?: number;
  /** Default timeout of a call. Default 30 s (a daemon-reload of a busy systemd can take a while). */
  readonly callTimeoutMs?: number;
}

interface Internals {
  readonly _connection?: EventEmitter & { stream?: NodeJS.ReadWriteStream & { destroy?: () => void } };
}

/** Connects to the bus at `address` (for example the system bus of a container through its /proc root). */
export async function connectBus(options: ConnectBusOptions): Promise<BusConnection> {
  const { address } = options;
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  let bus: MessageBus;
  try {
    // sessionBus() is dbus-next's way to connect to a given address; the protocol is the same for the system bus.
    bus = sessionBus({ busAddress: address, authMethods: ['EXTERNAL'] });
  } catch (cause) {
    throw connectionErrorToToolError(address, cause);
  }
  const internals = (bus as unknown as Internals)._connection;
  let broken: ToolError | undefined;
  const failPending = new Set<(error: ToolError) => void>();
  const breakWith = (error: ToolError) => {
    broken ??= error;
    for (const fail of [...failPending]) fail(broken);
  };
  bus.on('error', (cause: unknown) => breakWith(connectionErrorToToolError(address, cause)));
  internals?.on('end', () => breakWith(connectionErrorToToolError(address, new Error('the bus closed the connection'))));

  const closeStream = async () => {
    const stream = internals?.stream;
    bus.disconnect();
    if (stream === undefined) return;
    // end() only half-closes; give the bus a moment to close its side, then make sure the socket is gone.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 1000);
      stream.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    stream.destroy?.();
  };

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      failPending.delete(onFail);
      reject(connectionErrorToToolError(address, new Error(`no answer within ${options.connectTimeoutMs ?? 5000} ms`)));
    }, options.connectTimeoutMs ?? 5000);
    const onFail = (error: ToolError) => {
      clearTimeout(timer);
      failPending.delete(onFail);
      reject(error);
    };
    failPending.add(onFail);
    bus.once('connect', () => {
      clearTimeout(timer);
      failPending.delete(onFail);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await closeStream();
    throw error;
  });

  let closed: Promise<void> | undefined;
  return {
    address,
    call: (c) => {
      if (broken !== undefined) return Promise.reject(broken);
      const timeoutMs = c.timeoutMs ?? callTimeoutMs;
      return new Promise<unknown[]>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          failPending.delete(reject);
        };
        const timer = setTimeout(() => {
          done();
          reject(new ToolError('SYSTEMD_TIMEOUT', `${c.interface}.${c.member} got no answer within ${timeoutMs} ms`, {
            hint: 'systemd may be busy or hung; check `systemctl status` and try again',
          }));
        }, timeoutMs);
        failPending.add(reject);
        const message = new Message({
          destination: c.destination, path: c.path, interface: c.interface, member: c.member,
          ...(c.signature === undefined ? {} : { signature: c.signature, body: [...(c.body ?? [])] }),
        });
        bus.call(message).then(
          (reply) => {
            done();
            resolve(reply?.body ?? []);
          },
          (error: unknown) => {
            done();
            reject(busErrorToToolError(`${c.interface}.${c.member}`, error as DBusError));
          },
        );
      });
    },
    onSignal: (listener) => {
      const onMessage = (message: Message) => {
        if (message.type !== MessageType.SIGNAL) return;
        listener({ path: message.path, interface: message.interface, member: message.member, body: message.body });
      };
      bus.on('message', onMessage);
      return () => void bus.off('message', onMessage);
    },
    onBroken: (listener) => {
      if (broken !== undefined) {
        listener(broken);
        return () => undefined;
      }
      const once = (error: ToolError) => {
        failPending.delete(once);
        listener(error);
      };
      failPending.add(once);
      return () => void failPending.delete(once);
    },
    close: () => {
      closed ??= (async () => {
        breakWith(new ToolError('SYSTEMD_CLOSED', 'the D-Bus connection to systemd was closed'));
        await closeStream();
      })();
      return closed;
    },
  };
}
