import { posix } from 'node:path';

/**
 * Where the absolute `path` lies when `root` stands for `/` (like DESTDIR): `/srv/n1` and `/opt/mesos` give
 * `/srv/n1/opt/mesos`. The root `/` gives `path` itself, unchanged.
 */
export function underRoot(root: string, path: string): string {
  return root === '/' ? path : posix.join(root, path);
}
