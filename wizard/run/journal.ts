import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../src/fs/atomic-file.js';
import { contentHash } from '../../src/fs/content-hash.js';

/** Which steps finished, with a key of the inputs they (and every step before them) had. */
export interface JournalData {
  readonly version: 1;
  readonly steps: Readonly<Record<string, { readonly key: string; readonly finishedAt: string }>>;
}

const EMPTY: JournalData = { version: 1, steps: {} };

/** The key of a step: its own inputs chained to the key of the step before it, so a change upstream redoes it. */
export function stepKey(previousKey: string, id: string, inputs: unknown): string {
  return contentHash(JSON.stringify([previousKey, id, inputs ?? null]));
}

export async function readJournal(path: string): Promise<JournalData> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<JournalData>;
    return parsed.version === 1 && typeof parsed.steps === 'object' && parsed.steps !== null ? (parsed as JournalData) : EMPTY;
  } catch {
    return EMPTY; // no journal yet, or an unreadable one: everything runs again, which is always safe
  }
}

/** The journal, written after every finished step so a failed or interrupted run resumes where it stopped. */
export class Journal {
  #data: JournalData;
  readonly #path: string;

  private constructor(path: string, data: JournalData) {
    this.#path = path;
    this.#data = data;
  }

  static async open(path: string): Promise<Journal> {
    return new Journal(path, await readJournal(path));
  }

  isDone(id: string, key: string): boolean {
    return this.#data.steps[id]?.key === key;
  }

  async markDone(id: string, key: string): Promise<void> {
    this.#data = { version: 1, steps: { ...this.#data.steps, [id]: { key, finishedAt: new Date().toISOString() } } };
    await mkdir(dirname(this.#path), { recursive: true });
    await writeFileAtomic(this.#path, `${JSON.stringify(this.#data, null, 2)}\n`, { mode: 0o600 });
  }

  async forget(id: string): Promise<void> {
    if (this.#data.steps[id] === undefined) return;
    const steps = { ...this.#data.steps };
    delete steps[id];
    this.#data = { version: 1, steps };
    await writeFileAtomic(this.#path, `${JSON.stringify(this.#data, null, 2)}\n`, { mode: 0o600 });
  }
}
