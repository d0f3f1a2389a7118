import { runCli } from '../src/cli/run-cli.js';
import { wizardMain } from './cli.js';

process.exitCode = await runCli('spark-mesos-setup', process.argv.slice(2), wizardMain, process);
