import type { Problem } from '../errors.js';
import { checkAbsolutePath, checkHost, type ValueCheck } from '../validate/values.js';
import { hostKey } from './cluster-settings.js';

/** Problems with one value that should be a string passing `check`. */
export function checkText(field: string, value: unknown, check: ValueCheck): Problem[] {
  if (typeof value !== 'string') return [{ field, value, expected: `text: ${check('') ?? 'a string'}` }];
  const expected = check(value);
  return expected === undefined ? [] : [{ field, value, expected }];
}

/** A path the Mesos build and the loader can use: absolute, and without white space or `:`. */
export const checkBuildPath: ValueCheck = (value) =>
  checkAbsolutePath(value) ??
  (/[\s:]/.test(value) ? 'an absolute path without white space or ":" (the Mesos build and the loader cannot use it)' : undefined);

const VOLATILE_DIRS = ['/tmp', '/var/tmp', '/dev/shm', '/run', '/var/run'];

/** A directory that survives a reboot and is not cleaned behind the daemon's back. */
export const checkPersistentDir: ValueCheck = (value) => {
  const absolute = checkAbsolutePath(value);
  if (absolute !== undefined) return absolute;
  const volatile = VOLATILE_DIRS.find((dir) => value === dir || value.startsWith(`${dir}/`));
  return volatile === undefined
    ? undefined
    : `a persistent directory, not under ${volatile} (it is cleaned or lost at reboot, and the slave loses its state)`;
};

/** Problems of a host list: not a list, bad hosts, hosts listed twice; and `atLeastOne` when it is empty. */
export function checkHostList(field: string, hosts: unknown, atLeastOne: string | undefined): Problem[] {
  if (!Array.isArray(hosts)) return [{ field, value: hosts, expected: 'a list of host names or addresses' }];
  const list = hosts as unknown[];
  if (list.length === 0 && atLeastOne !== undefined) return [{ field, value: hosts, expected: atLeastOne }];
  const problems: Problem[] = [];
  const firstIndex = new Map<string, number>();
  list.forEach((host, index) => {
    const name = `${field}[${index}]`;
    const hostProblems = checkText(name, host, checkHost);
    problems.push(...hostProblems);
    if (hostProblems.length > 0 || typeof host !== 'string') return;
    const key = hostKey(host);
    const first = firstIndex.get(key);
    if (first === undefined) firstIndex.set(key, index);
    else problems.push({ field: name, value: host, expected: `a host listed once (it is already ${field}[${first}])` });
  });
  return problems;
}

/** True for a plain object (what a settings record must be). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
