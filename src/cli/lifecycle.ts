import type { Logger } from '../adapters/logger.js';

/** After this, shutdown gives up waiting for in-flight work and exits; orchestrators kill at ~30 s. */
const SHUTDOWN_GRACE_MS = 20_000;

export type Closer = { name: string; close: () => Promise<void> };

/**
 * Closes what was opened, last opened first, on SIGTERM or SIGINT (or when `stop` is called).
 * A second signal exits at once.
 */
export function installShutdown(
  logger: Logger,
  closers: Closer[],
): { stop: (reason: string) => Promise<void> } {
  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    if (stopping) return stopping;
    logger.info({ reason }, 'shutting down');
    stopping = (async () => {
      let current = '';
      const timer = setTimeout(() => {
        logger.error(
          { graceMs: SHUTDOWN_GRACE_MS, waitingFor: current },
          'shutdown took too long; exiting',
        );
        process.exit(1);
      }, SHUTDOWN_GRACE_MS);
      timer.unref();
      for (const closer of [...closers].reverse()) {
        const started = Date.now();
        current = closer.name;
        try {
          await closer.close();
          logger.debug({ closer: closer.name, ms: Date.now() - started }, 'closed');
        } catch (error) {
          logger.warn({ err: error, closer: closer.name }, 'close failed');
        }
      }
      clearTimeout(timer);
      logger.info('stopped');
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130);
    void stop(signal).then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return { stop };
}
