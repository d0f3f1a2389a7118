import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface PortHolder {
  readonly pid: number;
  readonly command: string;
}

const LISTEN = '0A';

/** Socket inodes listening on `port`, from the kernel's tables (IPv4 and IPv6). */
async function listeningInodes(procRoot: string, port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const table of ['net/tcp', 'net/tcp6']) {
    const text = await readFile(join(procRoot, table), 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (local === undefined || fields[3] !== LISTEN) continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port && fields[9] !== undefined) {
        inodes.add(fields[9]);
      }
    }
  }
  return inodes;
}

/**
 * Which process listens on a TCP port, read from /proc as `ss -ltnp` does: for the log line that turns
 * "Address already in use" into something an operator can act on. Undefined when it cannot be told.
 */
export async function findPortHolder(port: number, procRoot = '/proc'): Promise<PortHolder | undefined> {
  const inodes = await listeningInodes(procRoot, port);
  if (inodes.size === 0) return undefined;
  const pids = (await readdir(procRoot).catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fdDir = join(procRoot, pid, 'fd');
    const fds = await readdir(fdDir).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(join(fdDir, fd)).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode !== undefined && inodes.has(inode)) {
        const cmdline = await readFile(join(procRoot, pid, 'cmdline'), 'utf8').catch(() => '');
        const command = cmdline.split('\0').filter(Boolean).join(' ') ||
          (await readFile(join(procRoot, pid, 'comm'), 'utf8').catch(() => '?')).trim();
        return { pid: Number(pid), command };
      }
    }
  }
  return undefined;
}
