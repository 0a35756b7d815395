import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, portAccepts, spawnDetached, waitFor } from './process-tools.js';

export interface SmtpState {
  host: string;
  port: number;
  pid: number;
  /** Write an epoch-ms time here and the relay answers 451 until then (see smtp-relay.ts). */
  refuseFile?: string;
  /** The relay's log: one JSON line per delivery, with the Message-ID (what staff check). */
  log?: string;
}

const RELAY_SCRIPT = fileURLToPath(new URL('./smtp-relay.ts', import.meta.url));

export async function smtpUp(
  dir: string,
  lmtpPort: number,
  domains: readonly string[],
): Promise<SmtpState> {
  const port = await freePort();
  const log = join(dir, 'smtp-relay.log');
  const refuseFile = join(dir, 'smtp-refuse-until');
  const pid = spawnDetached(
    process.execPath,
    [
      '--import',
      'tsx',
      RELAY_SCRIPT,
      '--port',
      String(port),
      '--lmtp-port',
      String(lmtpPort),
      '--domains',
      domains.join(','),
      '--refuse-file',
      refuseFile,
    ],
    log,
  );
  await waitFor('smtp relay', () => portAccepts(port), undefined, log);
  return { host: '127.0.0.1', port, pid, refuseFile, log };
}
