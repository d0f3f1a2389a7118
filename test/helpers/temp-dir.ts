import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory per test, removed afterwards: `const dirs = tempDirs(); afterEach(dirs.cleanup)`. */
export function tempDirs(prefix = 'sms-test-', base = tmpdir()): { make: () => Promise<string>; cleanup: () => Promise<void> } {
  const made: string[] = [];
  return {
    make: async () => {
      await mkdir(base, { recursive: true });
      const dir = await mkdtemp(join(base, prefix));
      made.push(dir);
      return dir;
    },
    cleanup: async () => {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/**
 * A base for directories that must not be under /tmp (mesosd refuses work and state directories there, as /tmp is
 * cleaned), wherever the checkout is: `SMS_TEST_WORK`, else a directory under /var/lib (each test removes its own directory in it again).
 */
export const PERSISTENT_TEST_BASE = process.env['SMS_TEST_WORK'] ?? '/var/lib/spark-mesos-setup-test';
