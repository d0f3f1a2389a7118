import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ToolError } from '../../src/errors.js';
import type { Step, StepContext } from '../run/step.js';

/** Where the Mesos source comes from. `installed`: Mesos is already built into the prefix; nothing is built. */
export type MesosSource =
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'tarball'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly kind: 'installed' };

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface ObtainSourceInput {
  readonly source: MesosSource;
  readonly sha256: string | undefined;
  /** Unpacked here: the tree `configure` runs in. */
  readonly buildDir: string;
  /** Downloads are kept here, so a re-run does not download again. */
  readonly downloadDir: string;
  /** What identifies the source's content (a tarball's hash, a directory's configure script): the journal's input. */
  readonly identity: string;
}

/** A source's identity: a tarball's SHA-256, a directory's path and its configure's size and time. */
export async function sourceIdentity(source: MesosSource): Promise<string> {
  switch (source.kind) {
    case 'tarball':
      return `sha256:${await sha256OfFile(source.path)}`;
    case 'directory': {
      const configure = await stat(join(source.path, 'configure')).catch(() => undefined);
      return `dir:${source.path}:${configure?.size ?? 0}:${configure?.mtimeMs ?? 0}`;
    }
    case 'url':
      return `url:${source.url}`;
    case 'installed':
      return 'installed';
  }
}

async function verifySha256(path: string, expected: string | undefined, what: string): Promise<void> {
  if (expected === undefined) return;
  const actual = await sha256OfFile(path);
  if (actual !== expected.toLowerCase()) {
    throw new ToolError('CHECKSUM_MISMATCH', `${what}: SHA-256 is ${actual}, but --mesos-sha256 says ${expected}`, {
      hint: 'the file is not the release you meant (or is damaged): download it again, or correct --mesos-sha256',
    });
  }
}

async function download(url: string, dir: string, context: StepContext): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, basename(new URL(url).pathname) || 'mesos.tar.gz');
  if (existsSync(file)) {
    context.say(`using ${file}, downloaded before`);
    return file;
  }
  context.say(`downloading ${url}`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any([context.signal, AbortSignal.timeout(600_000)]) });
  } catch (cause) {
    throw new ToolError('DOWNLOAD_FAILED', `could not download ${url}: ${(cause as Error).message}`, {
      cause, hint: 'this machine may be offline: fetch the tarball elsewhere, copy it here and give its path with --mesos-source FILE',
    });
  }
  if (!response.ok || response.body === null) {
    throw new ToolError('DOWNLOAD_FAILED', `could not download ${url}: HTTP ${response.status}`, {
      hint: 'check the URL, or give a local tarball with --mesos-source FILE',
    });
  }
  const partial = `${file}.partial`;
  await writeFile(partial, Buffer.from(await response.arrayBuffer()));
  await rename(partial, file);
  return file;
}

/** The directory in an unpacked release that holds `configure` (the tarball's top directory). */
async function findSourceTop(dir: string): Promise<string> {
  if (existsSync(join(dir, 'configure'))) return dir;
  const entries = await readdir(dir, { withFileTypes: true });
  const tops = entries.filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'configure')));
  if (tops.length !== 1 || tops[0] === undefined) {
    throw new ToolError('BAD_MESOS_SOURCE', `the Mesos source has no configure script (looked in ${dir} and its top directory)`, {
      hint: 'give a Mesos release tarball (mesos-0.9.0-incubating.tar.gz) or its unpacked directory',
    });
  }
  return join(dir, tops[0].name);
}

/** Puts the source tree into the build directory: copies a directory, unpacks a tarball, downloads a URL first. */
export function obtainSourceStep(input: ObtainSourceInput): Step {
  const { source } = input;
  const from = source.kind === 'url' ? source.url : source.kind === 'installed' ? '' : source.path;
  return {
    id: 'source',
    title: 'Get the Mesos source',
    actions: [
      ...(source.kind === 'url' ? [`download ${source.url} into ${input.downloadDir}`] : []),
      ...(input.sha256 === undefined ? [] : [`check its SHA-256 is ${input.sha256}`]),
      source.kind === 'directory' ? `copy ${from} to ${input.buildDir}` : `tar -xzf ${source.kind === 'url' ? join(input.downloadDir, '…') : from} into ${input.buildDir}`,
    ],
    inputs: { identity: input.identity, sha256: input.sha256 ?? null, buildDir: input.buildDir },
    stillDone: async () => existsSync(join(input.buildDir, 'configure')),
    run: async (context) => {
      await rm(input.buildDir, { recursive: true, force: true });
      const unpackDir = `${input.buildDir}.unpack`;
      await rm(unpackDir, { recursive: true, force: true });
      await mkdir(unpackDir, { recursive: true });
      if (source.kind === 'directory') {
        await cp(source.path, unpackDir, { recursive: true, preserveTimestamps: true });
      } else {
        const tarball = source.kind === 'url' ? await download(source.url, input.downloadDir, context) : from;
        await verifySha256(tarball, input.sha256, tarball);
        await context.run('tar', ['-xzf', tarball, '-C', unpackDir], {
          hint: `${tarball} is not a gzipped tar file: give the Mesos release tarball (mesos-0.9.0-incubating.tar.gz)`,
        });
      }
      await rename(await findSourceTop(unpackDir), input.buildDir);
      await rm(unpackDir, { recursive: true, force: true });
      return input.buildDir;
    },
  };
}
