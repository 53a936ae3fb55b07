#!/usr/bin/env node
import { parseArgs } from 'node:util';
import {
  cliArguments,
  fakeConsoleFlagOptions,
  readFakeConsoleCli,
  serveUntilSignal,
} from '../shared/fake-console-cli.js';
import { faultFlagUsage } from '../shared/parse-fault-flags.js';
import { startFakeZeroConsole } from './start-fake-zero-console.js';

const usage = `Usage: fake-zero [--port 8080] [--host 127.0.0.1] [--token <api user token>] [--token-ttl-seconds 3600]

Starts a fake Pomerium Zero console API (on 127.0.0.1 unless --host says otherwise) and prints its URL and an API user token.

Fault injection:
${faultFlagUsage}`;

const { values } = parseArgs({
  args: cliArguments(),
  options: { ...fakeConsoleFlagOptions, 'token-ttl-seconds': { type: 'string', default: '3600' } },
});

const tokenTtlSeconds = Number(values['token-ttl-seconds']);
const { port, faults } = readFakeConsoleCli(values, usage, Number.isInteger(tokenTtlSeconds) && tokenTtlSeconds >= 1);

const fake = await startFakeZeroConsole({
  ...(faults ? { faults } : {}),
  port,
  host: values.host,
  tokenTtlSeconds,
  ...(values.token ? { apiUsers: [values.token] } : {}),
});
const [organization] = fake.state.organizations.values();
const [cluster] = fake.state.clusters.values();
console.log(`Fake Pomerium Zero console listening on ${fake.url} (API under ${fake.url}/api/v0)`);
console.log(`API user token: ${fake.apiUserToken}`);
console.log(`Organization: ${String(organization?.name)} (${String(organization?.id)})`);
if (cluster) console.log(`Cluster: ${String(cluster.json.name)} (${String(cluster.json.domain)})`);
serveUntilSignal(fake, faults);
