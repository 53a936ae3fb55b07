#!/usr/bin/env node
// Runs the fake Pomerium Zero console from the built package (see `pomerium-fake-zero --help`).
import '../dist/zero/fake-zero-cli.js';
