import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ToolError } from '../errors.js';
import { contentHash } from './content-hash.js';

export interface AtomicWriteOptions {
  /** File mode; default: the existing file's mode, else 0o644. */
  readonly mode?: number;
  /** Owner; default: the existing file's owner, else the writing process's. */
  readonly uid?: number;
  readonly gid?: number;
  /**
   * Default true: the content is on disk (file and directory fsync'd) when the call returns. False for files made
   * from other saved data and written again from it at every start: still atomic for readers (temp file and rename),
   * without the two fsyncs.
   */
  readonly durable?: boolean;
}

export interface AtomicWriteResult {
  /** False when the file already had exactly this content and mode (nothing was written). */
  readonly changed: boolean;
  readonly hash: string;
}

interface ExistingFile {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly hash: string;
}

function readExisting(path: string): ExistingFile | undefined {
  try {
    const info = statSync(path);
    if (!info.isFile()) {
      throw new ToolError('NOT_A_FILE', `${path} exists and is not a regular file`, {
        hint: 'move it out of the way, then run again',
      });
    }
    return { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid, hash: contentHash(readFileSync(path)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** fsync a directory so a rename inside it survives a power cut. */
function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` with `data` so that a reader or a crash sees either the old content or the new, never a mix:
 * temp file in the same directory, fsync, rename over, fsync the directory. Mode and owner are kept unless given.
 * Writing the content a file already has (with the same mode and owner) does nothing.
 *
 * The system calls are made synchronously: for the small files written here that is one short burst on the event
 * loop instead of a dozen thread-pool round trips, each of which waits for the CPU on a busy node (a change reaches
 * every node measurably sooner). The promise stays, so callers need not care.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<AtomicWriteResult> {
  const hash = contentHash(data);
  const existing = readExisting(path);
  const mode = options.mode ?? existing?.mode ?? 0o644;
  const uid = options.uid ?? existing?.uid;
  const gid = options.gid ?? existing?.gid;
  if (existing !== undefined && existing.hash === hash && existing.mode === mode &&
      (uid === undefined || existing.uid === uid) && (gid === undefined || existing.gid === gid)) {
    return { changed: false, hash };
  }
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      writeFileSync(fd, data);
      fchmodSync(fd, mode); // open() is subject to the umask; the result must not be
      if (options.durable !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (uid !== undefined || gid !== undefined) chownSync(temp, uid ?? -1, gid ?? -1);
    renameSync(temp, path);
    renamed = true;
    if (options.durable !== false) syncDirectory(dir);
  } catch (error) {
    if (!renamed) {
      try {
        unlinkSync(temp);
      } catch {
        // nothing was left behind, or it cannot be removed either: the write's own error is the one to report
      }
    }
    if (error instanceof ToolError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new ToolError('WRITE_FAILED', `could not write ${path}: ${code}`, {
      cause: error,
      hint: code === 'EACCES' || code === 'EPERM' ? 'run as root, or choose a directory you can write' :
        code === 'ENOSPC' ? 'free some disk space, then run again' : 'check the directory exists and is writable',
    });
  }
  return { changed: true, hash };
}
