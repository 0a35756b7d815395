/**
 * The real services the pipeline bench runs against, started in the bench's work directory:
 * Redis, PostgreSQL, Dovecot (IMAP + LMTP) and the SMTP relay from scripts/services, the test PKI
 * (OCSP, CRL, TSA) on loopback, and the agency's seal as a PKCS#12 file. Each scenario gets a
 * database of its own on the one PostgreSQL server and a queue prefix of its own on the one Redis.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  buildTestPki,
  exportPkcs12,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
  type TestPki,
} from '../scripts/pki/index.js';
import {
  readState,
  servicesDown,
  servicesUp,
  type MailAccount,
  type ServicesState,
} from '../scripts/services/index.js';
import type { ConfigInput } from '../src/config/index.js';

/**
 * Far above what one bench run sends to one institution address in a day (warm-ups, the burst
 * and the fixed-rate run), so no answer is `held` by the cap and every one is really sent.
 */
export const BENCH_DAILY_CAP_PER_RECIPIENT = 10_000;

export interface PipelineEnvironment {
  services: Required<Pick<ServicesState, 'redis' | 'postgres' | 'dovecot' | 'smtp'>>;
  pki: TestPki;
  pkiServer: PkiServer;
  eAddress: MailAccount;
  support: MailAccount;
  /** Real Dovecot accounts, so the relay can hand every answer on (an unknown one is a 5xx). */
  institutions: MailAccount[];
  trustAnchorsFile: string;
  seal: { file: string; password: string };
  /** Where scripts/services keeps the servers' state and data (for restarting one of them). */
  servicesDir: string;
  /** A fresh database on the bench's PostgreSQL server; `drop` removes it. */
  createDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }>;
  close(): Promise<void>;
}

/** SIGTERM to every service `up` started in `servicesDir`, without waiting; then the files go. */
function stopServicesNow(servicesDir: string): void {
  const state = readState(servicesDir);
  for (const service of [state?.smtp, state?.dovecot, state?.postgres, state?.redis]) {
    if (service?.pid === undefined) continue;
    try {
      process.kill(service.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
  rmSync(servicesDir, { recursive: true, force: true });
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface PipelineEnvironmentOptions {
  /** The test PKI's instance name: it fixes the PKI's port, so parallel users need their own. */
  pkiInstance?: string;
  /**
   * Start Redis and PostgreSQL here even when REDIS_URL / DATABASE_URL name running ones: a
   * caller that stops and restarts the servers (the fault drills) must own them.
   */
  ownServers?: boolean;
}

export async function startPipelineEnvironment(
  workDir: string,
  options: PipelineEnvironmentOptions = {},
): Promise<PipelineEnvironment> {
  // Dovecot, PostgreSQL and Redis drop to their own users, which must reach their data: a work
  // directory made by mkdtemp (mode 0700) would lock them out, so the services get their own.
  const servicesDir = mkdtempSync(join(tmpdir(), 'signed-intake-pipeline-services-'));
  chmodSync(servicesDir, 0o755);
  const secretsDir = join(workDir, 'secrets');
  mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const undo: Array<() => Promise<void>> = [];
  // Should the bench die before close() (an uncaught error, a second Ctrl-C), the services still
  // get their SIGTERM: they run detached and would otherwise outlive it.
  const onExit = (): void => stopServicesNow(servicesDir);
  process.once('exit', onExit);
  const closeAll = async (): Promise<void> => {
    for (const step of undo.splice(0).reverse()) await step().catch(() => undefined);
    process.off('exit', onExit);
  };
  try {
    undo.push(async () => {
      await servicesDown(servicesDir, { purge: true });
      rmSync(servicesDir, { recursive: true, force: true });
    });
    const state = await servicesUp({
      dataDir: servicesDir,
      services: ['redis', 'postgres', 'dovecot', 'smtp'],
      ...(options.ownServers
        ? { env: { ...process.env, REDIS_URL: undefined, DATABASE_URL: undefined } }
        : {}),
    });
    const { redis, postgres, dovecot, smtp } = state;
    if (!redis || !postgres || !dovecot || !smtp) throw new Error('a local service did not start');
    const accounts = dovecot.accounts;
    const eAddress = accounts.find((a) => a.role === 'e-address');
    const support = accounts.find((a) => a.role === 'support');
    const institutions = accounts.filter((a) => a.role === 'institution');
    if (!eAddress || !support || institutions.length === 0)
      throw new Error('the Dovecot accounts the bench needs are missing');

    const pki = await buildTestPki(TEST_PKI_CACHE_DIR, {
      instance: options.pkiInstance ?? 'bench-pipeline',
    });
    const pkiServer = await startPkiServer(pki);
    undo.push(() => pkiServer.close());
    const trustAnchorsFile = join(secretsDir, 'root.pem');
    writeFileSync(trustAnchorsFile, pki.trustAnchorsPem);
    const sealFile = join(secretsDir, 'seal.p12');
    const sealPassword = await exportPkcs12(pki.signers.agencySeal, sealFile);

    return {
      services: { redis, postgres, dovecot, smtp },
      pki,
      pkiServer,
      eAddress,
      support,
      institutions,
      trustAnchorsFile,
      seal: { file: sealFile, password: sealPassword },
      servicesDir,
      async createDatabase(label) {
        const name = `bench_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`;
        await onServer(postgres.url, `CREATE DATABASE ${name}`);
        const url = new URL(postgres.url);
        url.pathname = `/${name}`;
        return {
          url: url.toString(),
          drop: () => onServer(postgres.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
        };
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * The service's configuration for one scenario, as an operator would write it for PostgreSQL:
 * both agency mailboxes, the relay for answers, the PKCS#12 seal with the loopback TSA. The web
 * port is set per process (INTAKE_WEB__PORT), because every role answers /readyz.
 */
export function pipelineConfig(
  env: PipelineEnvironment,
  scenario: { dataDir: string; databaseUrl: string; redisPrefix: string },
): ConfigInput {
  const { dovecot, smtp, redis } = env.services;
  const mailbox = (name: string, account: MailAccount) => ({
    name,
    host: dovecot.host,
    port: dovecot.imapPort,
    secure: false,
    user: account.address,
    password: account.password,
  });
  return {
    dataDir: scenario.dataDir,
    log: { level: 'info' },
    database: { url: scenario.databaseUrl },
    redis: { url: redis.url, prefix: scenario.redisPrefix },
    agency: { addresses: [env.eAddress.address, env.support.address] },
    mailboxes: [mailbox('e-address', env.eAddress), mailbox('support', env.support)],
    smtp: { host: smtp.host, port: smtp.port, secure: false, from: env.eAddress.address },
    signing: { kind: 'pkcs12', file: env.seal.file, password: env.seal.password },
    tsa: { url: env.pkiServer.tsaUrl },
    trust: { anchors: [env.trustAnchorsFile] },
    web: { host: '127.0.0.1', port: 0 },
    respond: { dailyCapPerRecipient: BENCH_DAILY_CAP_PER_RECIPIENT },
  };
}
