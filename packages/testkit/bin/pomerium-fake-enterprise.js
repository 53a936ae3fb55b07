#!/usr/bin/env node
// Runs the fake Pomerium Enterprise console from the built package (see `pomerium-fake-enterprise --help`).
import '../dist/enterprise/fake-enterprise-cli.js';
