import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic, type AtomicWriteResult } from '../fs/atomic-file.js';
import { applySparkEnvBlock, findUserAssignments } from '../formats/spark-env.js';

export interface SparkEnvWrite extends AtomicWriteResult {
  readonly path: string;
  /** The user's own assignments after the block that win over it, as lines to warn about. */
  readonly shadowed: readonly string[];
}

/** Where Spark reads its environment from. */
export function sparkEnvPath(sparkHome: string): string {
  return join(sparkHome, 'conf', 'spark-env.sh');
}

/**
 * Writes the managed block of `<sparkHome>/conf/spark-env.sh`; every byte outside it is kept. A missing file starts
 * from Spark's spark-env.sh.template, as the classic procedure does by hand. Nothing is written when it is unchanged.
 */
export async function writeSparkEnvBlock(sparkHome: string, vars: Readonly<Record<string, string>>): Promise<SparkEnvWrite> {
  const path = sparkEnvPath(sparkHome);
  const template = join(sparkHome, 'conf', 'spark-env.sh.template');
  const existed = existsSync(path);
  const before = existed ? await readFile(path, 'utf8') : existsSync(template) ? await readFile(template, 'utf8') : '';
  const after = applySparkEnvBlock(before, vars, { file: path });
  const shadowed = findUserAssignments(after, Object.keys(vars), { file: path }).filter((a) => a.position === 'after')
    .map((a) => `${path} line ${a.line} sets ${a.name} again after the managed block, and wins: ${a.text}`);
  const mode = existed ? (await stat(path)).mode & 0o7777 : 0o755;
  return { ...(await writeFileAtomic(path, after, { mode })), path, shadowed };
}
