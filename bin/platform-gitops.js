#!/usr/bin/env node
// The `platform-gitops` command: runs the compiled CLI (dist/) of this package.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
