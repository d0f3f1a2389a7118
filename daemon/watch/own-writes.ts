import { resolve } from 'node:path';
import { contentHash } from '../../src/fs/content-hash.js';

/** Tells mesosd's own writes of a file from an operator's edits. */
export interface OwnWriteCheck {
  /** True when `hash` (contentHash of the file's bytes) is what mesosd itself last wrote to `path`. */
  isOwn(path: string, hash: string): boolean;
}

/**
 * The content hash of what mesosd last wrote to each managed file. Record a write before renaming the file into
 * place, or at the latest as soon as writeFileAtomic returns (`record(path, result.hash)`): the watcher reads a
 * file only after it has been quiet for its debounce time. Only the last write per file counts: an operator who
 * puts back an older version of the file has made an edit.
 */
export class OwnWrites implements OwnWriteCheck {
  readonly #last = new Map<string, string>();

  /** Notes that mesosd writes content with this hash to `path`. */
  record(path: string, hash: string): void {
    this.#last.set(resolve(path), hash);
  }

  /** Notes that mesosd writes `content` to `path` (hashes it as contentHash does). */
  recordContent(path: string, content: string | Uint8Array): void {
    this.record(path, contentHash(content));
  }

  /** Forgets `path`, e.g. after a write that failed. */
  forget(path: string): void {
    this.#last.delete(resolve(path));
  }

  isOwn(path: string, hash: string): boolean {
    return this.#last.get(resolve(path)) === hash;
  }
}
