import { existsSync } from 'node:fs';
import { cp, lstat, mkdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { ToolError } from '../../src/errors.js';
import type { Step } from '../run/step.js';

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
}

async function readPackageJson(dir: string): Promise<PackageJson> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** Where Node would find `name` from `fromDir`: the nearest node_modules/<name> up the tree. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The runtime dependency closure of the package at `root`, as directories to copy: each dependency found where
 * Node finds it. One nested inside another's node_modules travels with that one, so only the others are listed.
 */
export async function dependencyDirs(root: string): Promise<string[]> {
  const found = new Set<string>();
  const queue: { name: string; from: string; optional: boolean }[] = [];
  const enqueue = (pkg: PackageJson, from: string) => {
    for (const name of Object.keys(pkg.dependencies ?? {})) queue.push({ name, from, optional: false });
    for (const name of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name, from, optional: true });
  };
  enqueue(await readPackageJson(root), root);
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const dir = resolvePackageDir(item.name, item.from);
    if (dir === undefined) {
      if (item.optional) continue;
      throw new ToolError('PACKAGE_INCOMPLETE', `dependency ${item.name} of ${item.from} is not installed`, {
        hint: 'run the wizard with npx (which installs its dependencies), or `npm ci` in a checkout',
      });
    }
    if (found.has(dir)) continue;
    found.add(dir);
    enqueue(await readPackageJson(dir), dir);
  }
  const dirs = [...found];
  return dirs.filter((dir) => !dirs.some((other) => other !== dir && dir.startsWith(`${other}${sep}node_modules${sep}`)));
}

async function replaceLink(link: string, target: string): Promise<boolean> {
  const current = await lstat(link).then((s) => (s.isSymbolicLink() ? readlink(link) : 'not a link'), () => undefined);
  if (current === target) return false;
  if (current === 'not a link') {
    throw new ToolError('LINK_IN_THE_WAY', `${link} exists and is not a link`, { hint: `move ${link} away, then run again` });
  }
  const temp = `${link}.new-${process.pid}`;
  await rm(temp, { force: true });
  await symlink(target, temp);
  await rename(temp, link);
  return true;
}

export interface InstallPackageInput {
  /** The running package (in the npx cache, a global install or a checkout). */
  readonly sourceRoot: string;
  readonly version: string;
  readonly installRoot: string;
  readonly binDir: string;
}

/** The directory the unit's ExecStart points at: never the npx cache, which npm may clean at any time. */
export function installedPackageDir(installRoot: string, version: string): string {
  return join(installRoot, version);
}

/** Copies this package and its runtime dependencies to a fixed place and links its programs onto PATH. */
export function installPackageStep(input: InstallPackageInput): Step {
  const dest = installedPackageDir(input.installRoot, input.version);
  const programs = ['mesosd', 'spark-mesos-setup'];
  return {
    id: 'install-tool',
    title: 'Install spark-mesos-setup and mesosd',
    actions: [`copy the package and its dependencies to ${dest}`, ...programs.map((p) => `link ${join(input.binDir, p)} -> ${join(dest, 'bin', `${p}.js`)}`)],
    inputs: { dest, version: input.version },
    stillDone: async () => existsSync(join(dest, 'package.json')) && programs.every((p) => existsSync(join(input.binDir, p))),
    run: async () => {
      if (input.sourceRoot !== dest) {
        const staging = `${dest}.staging-${process.pid}`;
        await rm(staging, { recursive: true, force: true });
        await mkdir(staging, { recursive: true });
        const pkg = await readPackageJson(input.sourceRoot);
        for (const entry of ['package.json', ...(pkg.files ?? ['bin', 'dist'])]) {
          const from = join(input.sourceRoot, entry.replace(/\/$/, ''));
          if (existsSync(from)) await cp(from, join(staging, entry.replace(/\/$/, '')), { recursive: true });
        }
        for (const dir of await dependencyDirs(input.sourceRoot)) {
          const name = relative(join(dir, '..'), dir);
          const scoped = dirname(dir).endsWith(`${sep}node_modules`) ? name : `${dirname(dir).split(sep).pop()}/${name}`;
          await cp(dir, join(staging, 'node_modules', scoped), { recursive: true, dereference: true });
        }
        await rm(dest, { recursive: true, force: true });
        await rename(staging, dest);
      }
      await mkdir(input.binDir, { recursive: true });
      for (const program of programs) await replaceLink(join(input.binDir, program), join(dest, 'bin', `${program}.js`));
      return dest;
    },
  };
}
