import type { Logger } from '../../daemon/run/logger.js';

/** A logger that keeps its lines, for checking what mesosd said and in which order. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}
