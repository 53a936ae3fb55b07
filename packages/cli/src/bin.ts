#!/usr/bin/env node
// The `pomerium-unified` executable.
import { processIo } from './cli-io.js';
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), processIo());
