/** `npm run bench:e2e` (as root): the three-node cluster on the test bed, measured beside serf (see e2e-bench.ts). */
import { benchE2e } from './e2e-bench.js';

console.log('== e2e');
await benchE2e();
