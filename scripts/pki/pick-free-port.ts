import { createServer } from 'node:net';
import { randomInt } from 'node:crypto';
import { PKI_HOST } from './test-pki-types.js';

/**
 * Ports below Linux's ephemeral range (32768+), so no outgoing connection of the test run can
 * be sitting on the port when the PKI server later binds it.
 */
const PORT_RANGE = { min: 20_000, max: 32_000 } as const;
/** Enough random probes to find a free port on any sane machine, few enough to fail fast. */
const MAX_PROBES = 50;

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: PKI_HOST, port, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

/** Picks a currently free loopback port to bake into the certificates' URLs. */
export async function pickFreePort(): Promise<number> {
  for (let probe = 0; probe < MAX_PROBES; probe += 1) {
    const port = randomInt(PORT_RANGE.min, PORT_RANGE.max);
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free loopback port found in ${PORT_RANGE.min}-${PORT_RANGE.max}`);
}
