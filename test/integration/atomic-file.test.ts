import { afterEach, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isToolError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/fs/atomic-file.js';
import { contentHash } from '../../src/fs/content-hash.js';
import { tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs();
afterEach(dirs.cleanup);

describe('writeFileAtomic', () => {
  test('writes a new file with mode 0644 whatever the umask', async () => {
    const dir = await dirs.make();
    const path = join(dir, 'mesos.conf');
    const old = process.umask(0o077);
    try {
      const result = await writeFileAtomic(path, 'port = 5050\n');
      expect(result).toEqual({ changed: true, hash: contentHash('port = 5050\n') });
    } finally {
      process.umask(old);
    }
    expect(await readFile(path, 'utf8')).toBe('port = 5050\n');
    expect((await stat(path)).mode & 0o777).toBe(0o644);
  });

  test('without durability it still replaces the file whole, keeps its mode and leaves no temp file', async () => {
    const dir = await dirs.make();
    const path = join(dir, 'slaves');
    await writeFile(path, 'node1\n');
    await chmod(path, 0o640);
    expect(await writeFileAtomic(path, 'node1\nnode2\n', { durable: false })).toEqual({ changed: true, hash: contentHash('node1\nnode2\n') });
    expect(await readFile(path, 'utf8')).toBe('node1\nnode2\n');
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['slaves']);
    expect((await writeFileAtomic(path, 'node1\nnode2\n', { durable: false })).changed).toBe(false);
  });

  test('keeps the mode of the file it replaces, and sets a mode when told', async () => {
    const dir = await dirs.make();
    const path = join(dir, 'token');
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    await writeFileAtomic(path, 'new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await writeFileAtomic(path, 'new', { mode: 0o640 });
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  test('replaces the inode (readers see old or new) and leaves no temp file', async () => {
    const dir = await dirs.make();
    const path = join(dir, 'slaves');
    await writeFile(path, 'a\n');
    const before = await stat(path);
    await writeFileAtomic(path, 'a\nb\n');
    expect((await stat(path)).ino).not.toBe(before.ino);
    expect(await readdir(dir)).toEqual(['slaves']);
  });

  test('the same content again writes nothing', async () => {
    const dir = await dirs.make();
    const path = join(dir, 'masters');
    await writeFileAtomic(path, 'm1\n');
    const before = await stat(path);
    expect((await writeFileAtomic(path, 'm1\n')).changed).toBe(false);
    expect((await stat(path)).ino).toBe(before.ino);
  });

  test('a directory in the way is a clear error, and nothing is written', async () => {
    const dir = await dirs.make();
    const path = join(dir, 'spark-env.sh');
    await mkdir(path);
    const error = await writeFileAtomic(path, 'x').catch((e: unknown) => e);
    expect(isToolError(error) && error.code).toBe('NOT_A_FILE');
    expect((error as Error).message).toContain(path);
    expect(await readdir(dir)).toEqual(['spark-env.sh']);
  });

  test('a missing directory is a clear error with a hint', async () => {
    const dir = await dirs.make();
    const error = await writeFileAtomic(join(dir, 'nope', 'f'), 'x').catch((e: unknown) => e);
    expect(isToolError(error) && error.code).toBe('WRITE_FAILED');
    expect(isToolError(error) && error.hint).toMatch(/directory/);
  });

  test('kill -9 in the middle of writes never leaves a torn or empty file', async () => {
    const built = fileURLToPath(new URL('../../dist/src/fs/atomic-file.js', import.meta.url));
    expect(existsSync(built)).toBe(true); // `npm test` builds first
    const dir = await dirs.make();
    const path = join(dir, 'state.json');
    const size = 256 * 1024;
    const writer = `
      const { writeFileAtomic } = await import(${JSON.stringify(built)});
      for (let i = 0; ; i++) {
        await writeFileAtomic(${JSON.stringify(path)}, String.fromCharCode(97 + (i % 2)).repeat(${size}));
        if (i === 20) process.stdout.write('written\\n');
      }`;
    for (let round = 0; round < 5; round++) {
      const child = execa('node', ['--input-type=module', '-e', writer], { reject: false });
      await new Promise<void>((resolve, reject) => {
        child.stdout?.once('data', () => resolve());
        child.once('exit', () => reject(new Error('writer exited early')));
      });
      await new Promise((resolve) => setTimeout(resolve, round * 7));
      child.kill('SIGKILL');
      await child;
      const content = await readFile(path, 'utf8');
      expect(content.length).toBe(size);
      expect(content === 'a'.repeat(size) || content === 'b'.repeat(size)).toBe(true);
    }
  });
});
