/** `npm run bench`: every benchmark of the project, one after the other; each prints its own figures. */
import { benchSupervisor } from './supervisor-bench.js';
import { benchWizard } from './wizard-bench.js';
import { benchSync } from './sync-bench.js';

const benches: [string, () => Promise<void>][] = [['wizard', benchWizard], ['supervisor', benchSupervisor], ['sync', benchSync]];
const only = process.argv[2];
for (const [name, run] of benches) {
  if (only !== undefined && only !== name) continue;
  console.log(`== ${name}`);
  await run();
}
