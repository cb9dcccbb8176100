// Runs the command line in a child process for tests that measure it from
// outside: `node --import tsx src/cli/cli-child.ts report FILE`. On
// exit it adds `peak-rss-kib N` (the kernel's VmHWM of this process) to stderr.

import { readFileSync } from 'node:fs';
import { main } from './main.ts';

const code = await main(process.argv.slice(2));
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stderr.write(`peak-rss-kib ${hwm ? hwm[1] : -1}\n`);
process.exitCode = code;
