#!/usr/bin/env node
// The `platform-gitops` command: runs the CLI of this package, bundled from dist/src (dist/cli/).
import { main } from '../dist/cli/main.js';

// A reader that stops early (`platform-gitops ... | head`) is not an error of ours.
// Any other output error (a full disk, /dev/full) is said in a line, not a stack, and fails the run.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`platform-gitops: cannot write the output (${error.code ?? error.message}); nothing more was written\n`);
  process.exit(1);
});
process.exitCode = await main(process.argv.slice(2));
