import type { ChildExit, LaunchChild, OutputLine } from '../../daemon/supervisor/launch-child.js';
import type { ChildSpec } from '../../daemon/supervisor/child-spec.js';

export interface FakeChild {
  readonly spec: ChildSpec;
  readonly pid: number;
  readonly signals: NodeJS.Signals[];
  readonly say: OutputLine;
  exit(exit: Partial<ChildExit>): void;
}

/** A launcher whose children live until the test ends them: the state machine is tested without processes. */
export function fakeLauncher(options: { exitOnSigterm?: boolean } = {}) {
  const children: FakeChild[] = [];
  let nextPid = 100;
  const launch: LaunchChild = (spec, onLine) => {
    let resolve!: (exit: ChildExit) => void;
    const exited = new Promise<ChildExit>((r) => (resolve = r));
    const fake: FakeChild = {
      spec,
      pid: nextPid++,
      signals: [],
      say: onLine,
      exit: (e) => resolve({ code: undefined, signal: undefined, spawnError: undefined, ...e }),
    };
    children.push(fake);
    return {
      pid: fake.pid,
      exited,
      signal: (signal) => {
        fake.signals.push(signal);
        if (signal === 'SIGKILL' || options.exitOnSigterm !== false) fake.exit({ signal });
      },
    };
  };
  return { launch, children };
}

