/**
 * The plain path never loads ink or react, and the ink path loads them only when the ink reporter is made. Checked
 * in a child node process that runs the compiled progress modules with a resolve hook logging every module loaded.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SOURCE_DIR = path.join(ROOT, 'wizard', 'progress');

let work: string;

const HOOKS = `
import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + '\\n');
  return result;
}
`;

const REGISTER = `
import { register } from 'node:module';
register('./hooks.mjs', import.meta.url, { data: { log: process.env.MODULE_LOG } });
`;

const SCENARIOS = `
import { PassThrough } from 'node:stream';
const scenario = process.argv[2];
const { createProgressReporter } = await import('./progress/create-progress-reporter.js');
await import('./progress/index.js');
if (scenario === 'plain') {
  const reporter = await createProgressReporter({ stream: process.stdout, isTTY: false, columns: 80, now: () => 0 });
  reporter.plan([{ id: 'make', title: 'Build Mesos' }]);
  reporter.stepStarted('make');
  reporter.stepProgress('make', 5, 10);
  reporter.stepFinished('make', 'done');
  await reporter.close();
} else if (scenario === 'ink') {
  const { createInkReporter } = await import('./progress/ink-reporter.js');
  const stdout = Object.assign(new PassThrough(), { columns: 80, isTTY: true });
  stdout.resume();
  const reporter = await createInkReporter({ stdout, stdin: process.stdin, stderr: process.stderr });
  reporter.plan([{ id: 'make', title: 'Build Mesos' }]);
  await reporter.close();
  console.log('ink reporter closed');
}
`;

/** Compiles wizard/progress to plain JS the way tsc would, into `outDir`. */
async function compileProgressModules(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const file of await readdir(SOURCE_DIR)) {
    if (!/\.tsx?$/.test(file)) continue;
    const { outputText } = ts.transpileModule(await readFile(path.join(SOURCE_DIR, file), 'utf8'), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        jsx: ts.JsxEmit.ReactJSX,
        verbatimModuleSyntax: true,
      },
    });
    await writeFile(path.join(outDir, file.replace(/\.tsx?$/, '.js')), outputText);
  }
}

/** Runs a scenario; returns the modules it loaded (file URLs) and its output. */
async function runScenario(scenario: 'import' | 'plain' | 'ink'): Promise<{ loaded: string[]; stdout: string }> {
  const log = path.join(work, `${scenario}.log`);
  await writeFile(log, '');
  const result = await execa('node', ['--import', './register.mjs', 'scenarios.mjs', scenario], {
    cwd: work,
    env: { MODULE_LOG: log, CI: '' },
    stdin: 'ignore',
    timeout: 30_000,
  });
  return { loaded: (await readFile(log, 'utf8')).split('\n').filter((line) => line !== ''), stdout: result.stdout };
}

const fromPackage = (name: string) => (url: string) => url.includes(`/node_modules/${name}/`);

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'sms-lazy-ink-'));
  await compileProgressModules(path.join(work, 'progress'));
  // ink and react resolve from the project's node_modules, as they would in the installed package.
  await symlink(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  await writeFile(path.join(work, 'package.json'), JSON.stringify({ type: 'module' }));
  await writeFile(path.join(work, 'hooks.mjs'), HOOKS);
  await writeFile(path.join(work, 'register.mjs'), REGISTER);
  await writeFile(path.join(work, 'scenarios.mjs'), SCENARIOS);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('ink is loaded lazily', () => {
  test('importing the progress modules loads neither ink nor react', async () => {
    const { loaded } = await runScenario('import');
    expect(loaded.some((url) => url.endsWith('/progress/create-progress-reporter.js'))).toBe(true);
    expect(loaded.filter(fromPackage('ink'))).toEqual([]);
    expect(loaded.filter(fromPackage('react'))).toEqual([]);
    expect(loaded.filter((url) => url.endsWith('/progress-view.js'))).toEqual([]);
  });

  test('a whole run with the plain reporter loads neither ink nor react', async () => {
    const { loaded, stdout } = await runScenario('plain');
    expect(stdout.split('\n')).toEqual(['[1/1] Build Mesos...', '[1/1] Build Mesos: 50% (5/10 units)', '[1/1] Build Mesos: done in 0s']);
    expect(loaded.filter(fromPackage('ink'))).toEqual([]);
    expect(loaded.filter(fromPackage('react'))).toEqual([]);
  });

  test('the ink reporter does load them (the check above sees ink when it is there)', async () => {
    const { loaded, stdout } = await runScenario('ink');
    expect(stdout).toBe('ink reporter closed');
    expect(loaded.some(fromPackage('ink'))).toBe(true);
    expect(loaded.some(fromPackage('react'))).toBe(true);
  });
});
