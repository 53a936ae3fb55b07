#!/usr/bin/env node
import { parseArgs } from 'node:util';
import type { FaultOptions } from '../shared/fault-injector.js';
import { faultFlagOptions, faultFlagUsage, parseFaultFlags } from '../shared/parse-fault-flags.js';
import { startFakeZeroConsole } from './start-fake-zero-console.js';

const usage = `Usage: fake-zero [--port 8080] [--host 127.0.0.1] [--token <api user token>] [--token-ttl-seconds 3600]

Starts a fake Pomerium Zero console API (on 127.0.0.1 unless --host says otherwise) and prints its URL and an API user token.

Fault injection:
${faultFlagUsage}`;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((argument) => argument !== '--'),
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string' },
    'token-ttl-seconds': { type: 'string', default: '3600' },
    ...faultFlagOptions,
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const port = Number(values.port);
const tokenTtlSeconds = Number(values['token-ttl-seconds']);
if (!Number.isInteger(port) || port < 0 || port > 65_535 || !Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
  console.error(usage);
  process.exit(2);
}

let faults: FaultOptions | undefined;
try {
  faults = parseFaultFlags(values);
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  process.exit(2);
}

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
if (faults) {
  const kinds = faults.kinds?.join(',') ?? 'all kinds';
  console.log(`Injecting faults: rate ${faults.rate}, ${kinds}, seed ${fake.faults.seed}`);
}
console.log('Press Ctrl+C to stop.');

const stop = () => {
  fake.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
