/** The end-to-end suite: nodes with real systemd (test/e2e/testbed). One file at a time; a first run builds the nodes' root file system. */
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
  maxWorkers: 1,
  testTimeout: 300_000,
  slowTestThreshold: 60,
  // A test that fails before tearing its nodes down must not keep jest waiting on them; on exit, nspawn gets SIGTERM
  // (execa's cleanup) and the next run sweeps whatever is left.
  forceExit: true,
};
