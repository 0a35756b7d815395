import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AGENCY_DOMAIN, INSTITUTION_DOMAINS, makeAccounts } from './accounts.js';
import { dovecotUp, type DovecotState } from './dovecot.js';
import { postgresUp, type PostgresState } from './postgres.js';
import { isAlive, stopPid } from './process-tools.js';
import { redisUp, type RedisState } from './redis.js';
import { smtpUp, type SmtpState } from './smtp.js';

export type { MailAccount } from './accounts.js';
export { AGENCY_DOMAIN, INSTITUTION_DOMAINS } from './accounts.js';

/** What `up` started or found; written to <dataDir>/services/state.json. */
export interface ServicesState {
  dataDir: string;
  redis?: RedisState;
  postgres?: PostgresState;
  dovecot?: DovecotState;
  smtp?: SmtpState;
}

export type ServiceName = 'redis' | 'postgres' | 'dovecot' | 'smtp';
export const DEFAULT_SERVICES: readonly ServiceName[] = ['redis', 'dovecot', 'smtp'];

export interface UpOptions {
  dataDir: string;
  services?: readonly ServiceName[];
  env?: NodeJS.ProcessEnv;
}

const stateFile = (dataDir: string): string => join(resolve(dataDir), 'services', 'state.json');

export function readState(dataDir: string): ServicesState | undefined {
  const file = stateFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ServicesState) : undefined;
}

function writeState(state: ServicesState): void {
  writeFileSync(stateFile(state.dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Starts what is missing, in dependency order (the SMTP relay needs Dovecot's LMTP), reusing what
 * a previous `up` left running. A failure stops everything this call started.
 */
export async function servicesUp(options: UpOptions): Promise<ServicesState> {
  const dataDir = resolve(options.dataDir);
  const env = options.env ?? process.env;
  const wanted = new Set(options.services ?? DEFAULT_SERVICES);
  if (wanted.has('smtp')) wanted.add('dovecot');
  const root = join(dataDir, 'services');
  mkdirSync(root, { recursive: true, mode: 0o755 });
  const previous = readState(dataDir);
  const state: ServicesState = { dataDir };
  const alive = (pid: number | undefined): boolean => pid === undefined || isAlive(pid);
  try {
    if (wanted.has('redis')) {
      state.redis =
        previous?.redis && alive(previous.redis.pid)
          ? previous.redis
          : await redisUp(join(root, 'redis'), env.REDIS_URL);
      writeState(state);
    }
    if (wanted.has('postgres')) {
      state.postgres =
        previous?.postgres && alive(previous.postgres.pid)
          ? previous.postgres
          : await postgresUp(join(root, 'postgres'), env.DATABASE_URL);
      writeState(state);
    }
    if (wanted.has('dovecot')) {
      state.dovecot =
        previous?.dovecot && alive(previous.dovecot.pid)
          ? previous.dovecot
          : await dovecotUp(join(root, 'dovecot'), makeAccounts());
      writeState(state);
    }
    if (wanted.has('smtp') && state.dovecot) {
      state.smtp =
        previous?.smtp && alive(previous.smtp.pid) && previous.dovecot?.pid === state.dovecot.pid
          ? previous.smtp
          : await smtpUp(join(root, 'dovecot'), state.dovecot.lmtpPort, [
              AGENCY_DOMAIN,
              ...INSTITUTION_DOMAINS,
            ]);
      writeState(state);
    }
  } catch (error) {
    await servicesDown(dataDir);
    throw error;
  }
  return state;
}

/** Stops only what `up` started (by pid), last started first; leaves reused servers alone. */
export async function servicesDown(
  dataDir: string,
  options: { purge?: boolean } = {},
): Promise<string[]> {
  const state = readState(dataDir);
  const stopped: string[] = [];
  if (state) {
    for (const [name, service] of [
      ['smtp', state.smtp],
      ['dovecot', state.dovecot],
      ['postgres', state.postgres],
      ['redis', state.redis],
    ] as const) {
      if (service?.pid !== undefined) {
        await stopPid(service.pid);
        stopped.push(name);
      }
    }
    rmSync(stateFile(dataDir), { force: true });
  }
  if (options.purge) rmSync(join(resolve(dataDir), 'services'), { recursive: true, force: true });
  return stopped;
}

export function servicesStatus(dataDir: string): Record<string, string> {
  const state = readState(dataDir);
  const describe = (service: { pid?: number } | undefined, where: string): string => {
    if (!service) return 'not started';
    if (service.pid === undefined) return `external (${where})`;
    return isAlive(service.pid)
      ? `running pid ${service.pid} (${where})`
      : `dead (pid ${service.pid} gone)`;
  };
  return {
    redis: describe(state?.redis, state?.redis?.url ?? ''),
    postgres: describe(state?.postgres, state?.postgres?.url.replace(/\/\/[^@]*@/, '//') ?? ''),
    dovecot: describe(
      state?.dovecot,
      state?.dovecot
        ? `imap 127.0.0.1:${state.dovecot.imapPort}, lmtp ${state.dovecot.lmtpPort}`
        : '',
    ),
    smtp: describe(state?.smtp, state?.smtp ? `127.0.0.1:${state.smtp.port}` : ''),
  };
}
