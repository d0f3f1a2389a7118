import { runCli } from '../src/cli/run-cli.js';
import { mesosdMain } from './cli.js';

process.exitCode = await runCli('mesosd', process.argv.slice(2), mesosdMain, process);
