#!/usr/bin/env node
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  cliArguments,
  fakeConsoleFlagOptions,
  readFakeConsoleCli,
  serveUntilSignal,
} from '../shared/fake-console-cli.js';
import { faultFlagUsage } from '../shared/parse-fault-flags.js';
import { createFakeServiceAccountToken, startFakeEnterpriseConsole } from './start-fake-enterprise-console.js';

const usage = `Usage: fake-enterprise [--port 50051] [--host 127.0.0.1] [--token <service account token>] [--plaintext] [--ca-file <path>]

Starts a fake Pomerium Enterprise console API (gRPC, pomerium.dashboard) on 127.0.0.1
and prints its URL, the path of its CA certificate (--ca-file to choose it) and a service account token.

Fault injection:
${faultFlagUsage}`;

const { values } = parseArgs({
  args: cliArguments(),
  options: {
    ...fakeConsoleFlagOptions,
    'ca-file': { type: 'string' },
    plaintext: { type: 'boolean', default: false },
  },
});

const { port, faults } = readFakeConsoleCli(values, usage);

const fake = await startFakeEnterpriseConsole({
  ...(faults ? { faults } : {}),
  port,
  host: values.host,
  tls: !values.plaintext,
  serviceAccounts: [{ token: values.token ?? createFakeServiceAccountToken() }],
});
console.log(`Fake Pomerium Enterprise console listening on ${fake.url}`);
if (fake.ca) {
  const caPath = values['ca-file'] ?? join(await mkdtemp(join(tmpdir(), 'fake-enterprise-')), 'ca.pem');
  await writeFile(caPath, fake.ca);
  console.log(`CA certificate: ${caPath}`);
} else {
  console.log('Plaintext h2c: pass plaintext: true to createEnterpriseBackend');
}
console.log(`Service account token: ${fake.serviceAccountToken}`);
console.log(`Root namespace: Global (${fake.rootNamespaceId})`);
serveUntilSignal(fake, faults);
