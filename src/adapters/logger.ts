import { pino, type Logger, type DestinationStream } from 'pino';
import { maskPersonalCodes, redactValue } from './redact.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  name?: string;
  destination?: DestinationStream;
}

/**
 * Structured JSON logs. Secrets are dropped by key and personal codes masked in every string
 * field and in the message, so neither ends up in a log file or a log shipper.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'intake',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskPersonalCodes(a) : a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}
