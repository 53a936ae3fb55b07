// pnpm bench:migration: goal 4 alone (the migration case of pnpm bench), a few rounds, with optional profiles
// of the client process.
//   pnpm bench:migration [--rounds 1] [--routes 10000] [--policies 1000] [--concurrency 16] [--no-pin]
//                        [--cpu-prof <dir>] [--heap-prof <dir>] [--json] [--clients <dir>,<dir>]
// --clients compares builds: each <dir> is a copy of bench/.dist-install (made by an earlier run of another
// checkout or commit); every round runs each of them in turn, the order alternating.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { canPin, clientCore, pinSelf } from './fake-console-process.js';
import { round } from './measure.js';
import { type MigrationFigures, measureMigration, migrationRows } from './migration.js';
import { info, terminalTable } from './report.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '1' },
    routes: { type: 'string', default: '10000' },
    policies: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    'no-pin': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'heap-prof': { type: 'string' },
    json: { type: 'boolean', default: false },
    clients: { type: 'string' },
  },
});

if (canPin && !values['no-pin']) pinSelf(clientCore);
const execArgv = [
  ...(values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : []),
  ...(values['heap-prof'] ? ['--heap-prof', '--heap-prof-dir', values['heap-prof']] : []),
];
const log = (message: string) => console.error(`[bench:migration] ${message}`);
const clients: (string | undefined)[] = values.clients
  ? values.clients.split(',').map((directory) => path.resolve(directory, 'migrate-child.mjs'))
  : [undefined];
const runs: { client: string; loadAverage: number[]; figures: MigrationFigures }[] = [];
for (let index = 0; index < Number(values.rounds); index++) {
  const order = index % 2 === 0 ? clients : [...clients].reverse();
  for (const clientScript of order) {
    const loadAverage = os.loadavg().map(round);
    const figures = await measureMigration({
      routes: Number(values.routes),
      policies: Number(values.policies),
      concurrency: Number(values.concurrency),
      execArgv,
      log,
      ...(clientScript ? { clientScript } : {}),
    });
    const client = clientScript ? path.dirname(clientScript) : 'this checkout';
    runs.push({ client, loadAverage, figures });
    log(
      `round ${index + 1}, ${client}: load average ${loadAverage.join(' ')} at the start, ${os.loadavg().map(round).join(' ')} at the end`,
    );
    console.log(
      terminalTable([
        info('', 'client', client),
        info('', 'load average (1, 5, 15 min) at the start', loadAverage.join(' ')),
        ...migrationRows(figures),
      ]),
    );
  }
}
if (values.json) console.log(JSON.stringify(runs, null, 2));
