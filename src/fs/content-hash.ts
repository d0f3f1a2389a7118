import { createHash } from 'node:crypto';

/** SHA-256 of a file's content, hex: how mesosd tells its own writes from an operator's edits. */
export function contentHash(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
