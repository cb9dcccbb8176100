// Runs the command line from its TypeScript sources (`node --import tsx
// src/test-support/cli.ts ARGS`), for tests that need it as a separate
// process (signals, another user) without building dist/cli first.
import { main } from '../cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
