/** mesosd's log: one line an event, to stderr; journald takes it from there under systemd. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface StreamLoggerOptions {
  /** Prefix lines with syslog priorities (`<6>`), which journald reads as the level. */
  readonly journal: boolean;
  readonly now?: () => Date;
}

/** Under systemd (JOURNAL_STREAM set) levels go as priorities and journald adds the time; in a terminal, a timestamp. */
export function streamLogger(stream: NodeJS.WritableStream, options: StreamLoggerOptions): Logger {
  const now = options.now ?? (() => new Date());
  const line = (priority: number, level: string, message: string) => {
    const text = message.replaceAll('\n', ' ⏎ ');
    stream.write(options.journal ? `<${priority}>${text}\n` : `${now().toISOString()} ${level} ${text}\n`);
  };
  return {
    info: (message) => line(6, 'info ', message),
    warn: (message) => line(4, 'warn ', message),
    error: (message) => line(3, 'error', message),
  };
}
