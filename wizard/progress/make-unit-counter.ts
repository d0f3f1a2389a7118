import { unitsOfLine } from './make-command-line.js';

/** Compile units finished of the total; `done <= total` always. */
export interface MakeProgress {
  readonly done: number;
  readonly total: number;
}

/** A line longer than this is not a command being continued but runaway output: it is read as it is. */
const MAX_JOINED_LENGTH = 256 * 1024;

function endsWithContinuation(line: string): boolean {
  const trailing = /\\*$/.exec(line)?.[0].length ?? 0;
  return trailing % 2 === 1;
}

/**
 * Counts a build's compile and link units as their lines go by, each unit once (see `unitsOfLine`). Lines make
 * continues with a backslash are joined first, as in `make V=1` output. When the build turns out larger than the
 * total it was given, the total grows with it.
 */
export class MakeUnitCounter {
  readonly #seen = new Set<string>();
  #pending = '';
  #total: number;

  /** @param total the units expected, usually `countMakeUnits(make -n output)`; 0 when unknown. */
  constructor(total: number) {
    this.#total = Number.isFinite(total) && total > 0 ? Math.floor(total) : 0;
  }

  /** The progress so far. */
  get progress(): MakeProgress {
    return { done: this.#seen.size, total: Math.max(this.#total, this.#seen.size) };
  }

  /** Reads one line of output (without its newline) and returns the progress after it. */
  feed(line: string): MakeProgress {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (endsWithContinuation(text) && this.#pending.length + text.length < MAX_JOINED_LENGTH) {
      this.#pending += `${text.slice(0, -1)} `;
      return this.progress;
    }
    const joined = this.#pending + text;
    this.#pending = '';
    for (const key of unitsOfLine(joined)) this.#seen.add(key);
    return this.progress;
  }

  /** Reads a line left open by a trailing backslash, at the end of the output. */
  end(): MakeProgress {
    return this.#pending === '' ? this.progress : this.feed('');
  }
}

/**
 * The number of compile and link units a build will run, from the output of `make -n` (the same make arguments, run
 * in the same tree); counted exactly as `MakeUnitCounter` counts the live build's lines.
 */
export function countMakeUnits(dryRunOutput: string): number {
  const counter = new MakeUnitCounter(0);
  for (const line of dryRunOutput.split('\n')) counter.feed(line);
  return counter.end().done;
}
