import { randomBytes } from 'node:crypto';
import { chown, open, readFile, rename, stat, unlink } from 'node:fs/promises';
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

async function readExisting(path: string): Promise<ExistingFile | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      throw new ToolError('NOT_A_FILE', `${path} exists and is not a regular file`, {
        hint: 'move it out of the way, then run again',
      });
    }
    return { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid, hash: contentHash(await readFile(path)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** fsync a directory so a rename inside it survives a power cut. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` so that a reader or a crash sees either the old content or the new, never a mix:
 * temp file in the same directory, fsync, rename over, fsync the directory. Mode and owner are kept unless given.
 * Writing the content a file already has (with the same mode and owner) does nothing.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<AtomicWriteResult> {
  const hash = contentHash(data);
  const existing = await readExisting(path);
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
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.chmod(mode); // open() is subject to the umask; the result must not be
      if (options.durable !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    if (uid !== undefined || gid !== undefined) await chown(temp, uid ?? -1, gid ?? -1);
    await rename(temp, path);
    renamed = true;
    if (options.durable !== false) await syncDirectory(dir);
  } catch (error) {
    if (!renamed) await unlink(temp).catch(() => undefined);
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
