#!/usr/bin/env node
// The `platform-gitops` command: runs the compiled CLI (dist/) of this package.
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`platform-gitops ... | head`) is not an error of ours.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
