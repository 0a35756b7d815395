/**
 * Local services for tests and the demo: `up`, `down`, `status`.
 *   scripts/services.sh up [--data-dir DIR] [--with redis,postgres,dovecot,smtp]
 * Ports are picked free at start and written to <dataDir>/services/state.json.
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_SERVICES,
  servicesDown,
  servicesStatus,
  servicesUp,
  type ServiceName,
} from './services/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string', default: process.env.INTAKE_DATA_DIR ?? '.data' },
    with: { type: 'string' },
    purge: { type: 'boolean', default: false },
  },
});
const dataDir = values['data-dir'];
const command = positionals[0] ?? 'status';

async function run(): Promise<number> {
  switch (command) {
    case 'up': {
      const services = (values.with?.split(',') ?? DEFAULT_SERVICES) as ServiceName[];
      await servicesUp({ dataDir, services });
      print();
      return 0;
    }
    case 'down': {
      const stopped = await servicesDown(dataDir, { purge: values.purge });
      process.stdout.write(
        stopped.length ? `stopped: ${stopped.join(', ')}\n` : 'nothing was running\n',
      );
      return 0;
    }
    case 'status':
      print();
      return 0;
    default:
      process.stderr.write(
        'usage: services.sh up|down|status [--data-dir DIR] [--with redis,postgres,dovecot,smtp] [--purge]\n',
      );
      return 2;
  }
}

function print(): void {
  for (const [name, state] of Object.entries(servicesStatus(dataDir)))
    process.stdout.write(`${name.padEnd(9)} ${state}\n`);
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`services: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
