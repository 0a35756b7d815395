import { ImapFlow } from 'imapflow';
import type { Logger } from '../adapters/logger.js';
import type { MailboxConfig } from '../config/index.js';

/** A full pass runs at least this often even without IDLE news, so a missed push never loses mail. */
export const RECONCILE_INTERVAL_MS = 60_000;
/** A pass that has not finished by then means a silent connection: it is closed and reopened. */
export const POLL_WATCHDOG_MS = 120_000;
/** Reconnect backoff: doubling from the first delay up to the cap, each with ±50 % jitter. */
export const RECONNECT_FIRST_DELAY_MS = 500;
export const RECONNECT_MAX_DELAY_MS = 60_000;
/** IMAP connection attempts give up after this; the watcher then waits and tries again. */
export const CONNECT_TIMEOUT_MS = 15_000;
/**
 * IDLE starts this long after the last command. imapflow's default (15 s) would delay new-mail
 * news by that much; a pass sends its commands back to back, so one second of quiet means done.
 */
export const AUTO_IDLE_DELAY_MS = 1_000;

export interface MailboxWatcher {
  /** Resolves when the watcher has stopped and its connection is closed. */
  stop(): Promise<void>;
  /** Completed passes since start (for health and tests). */
  readonly passes: number;
  /** Drops the current connection as a network failure would (tests, operators). */
  dropConnection(): void;
}

export interface WatcherOptions {
  mailbox: MailboxConfig;
  logger: Logger;
  /** One pass over the folder with a connected client. */
  poll: (client: ImapFlow) => Promise<unknown>;
  reconcileIntervalMs?: number;
}

/** imapflow does not reconnect by itself: each connection is made here and owned by the watcher. */
export function createImapClient(mailbox: MailboxConfig, logger: Logger): ImapFlow {
  return new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    auth: { user: mailbox.user, pass: mailbox.password },
    logger: false,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    autoIdleDelay: AUTO_IDLE_DELAY_MS,
  }).on('error', (err: Error) =>
    logger.warn({ err, mailbox: mailbox.name }, 'IMAP connection error'),
  );
}

/**
 * Keeps one IMAP connection to a mailbox: a pass at connect, on every EXISTS push, and at least
 * every reconcile interval; reconnects with exponential backoff and jitter after any close or
 * error; closes a connection whose pass hangs (the watchdog).
 */
export function watchMailbox(options: WatcherOptions): MailboxWatcher {
  const { mailbox, logger } = options;
  const reconcileMs = options.reconcileIntervalMs ?? RECONCILE_INTERVAL_MS;
  let stopped = false;
  let passes = 0;
  let current: ImapFlow | undefined;
  let wake: (() => void) | undefined;
  // News that arrives during a pass must not be lost: it makes the next sleep return at once.
  let pending = false;
  const nudge = (): void => {
    pending = true;
    wake?.();
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (pending) {
        pending = false;
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      // Woken by news: `pending` was set by the nudge and is consumed here, not lost.
      wake = () => {
        pending = false;
        done();
      };
    });

  const runConnection = async (): Promise<void> => {
    const client = createImapClient(mailbox, logger);
    current = client;
    let closed = false;
    client.on('close', () => {
      closed = true;
      nudge();
    });
    client.on('exists', nudge);
    await client.connect();
    logger.info({ mailbox: mailbox.name }, 'IMAP connected');
    while (!stopped && !closed) {
      let watchdog: NodeJS.Timeout | undefined;
      const hung = new Promise<never>((_, reject) => {
        watchdog = setTimeout(
          () => reject(new Error(`a pass took longer than ${POLL_WATCHDOG_MS} ms`)),
          POLL_WATCHDOG_MS,
        );
      });
      try {
        const outcome = await Promise.race([options.poll(client), hung]);
        passes += 1;
        // A pass that left mail behind (its per-pass cap) is followed by the next one at once,
        // not after the reconcile interval.
        if ((outcome as { more?: boolean } | undefined)?.more === true) pending = true;
      } finally {
        clearTimeout(watchdog);
      }
      if (stopped || closed) break;
      await sleep(reconcileMs);
    }
  };

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        await runConnection();
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.warn(
          { err: error, mailbox: mailbox.name, failures },
          'mailbox pass or connection failed',
        );
      } finally {
        const client = current;
        current = undefined;
        if (client && client.usable) await client.logout().catch(() => client.close());
        else client?.close();
      }
      if (stopped) break;
      const base = Math.min(
        RECONNECT_MAX_DELAY_MS,
        RECONNECT_FIRST_DELAY_MS * 2 ** Math.min(failures, 16),
      );
      await sleep(base * (0.5 + Math.random()));
    }
  })();

  return {
    async stop() {
      stopped = true;
      nudge();
      current?.close();
      await loop;
    },
    get passes() {
      return passes;
    },
    dropConnection() {
      current?.close();
    },
  };
}
