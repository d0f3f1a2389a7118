import { runCli } from '../src/cli/run-cli.js';
import { wizardMain } from './cli.js';

const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
process.exitCode = await runCli('spark-mesos-setup', process.argv.slice(2), (argv) => wizardMain(argv, io), io);
