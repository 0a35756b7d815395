import nodemailer from 'nodemailer';
import { AppError } from '../errors/index.js';

/** How long one SMTP transaction may take; a relay that stalls longer is retried later. */
export const SMTP_TIMEOUT_MS = 30_000;
/** Connections kept open to the relay, and answers sent over one before it is renewed. */
export const SMTP_MAX_CONNECTIONS = 4;
export const SMTP_MESSAGES_PER_CONNECTION = 100;

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
}

export interface SmtpSender {
  /** Sends the stored raw message; resolves when the server accepted it (250). */
  send(envelope: { from: string; to: string }, raw: Uint8Array): Promise<void>;
  close(): void;
}

/**
 * Hands raw RFC 822 bytes to the SMTP server. A 4xx reply or a connection problem is
 * SMTP_TEMPORARY (retried with backoff); a 5xx reply is SMTP_REJECTED (permanent: staff decide).
 */
export function createSmtpSender(settings: SmtpSettings): SmtpSender {
  // Pooled: a connection (and its greeting, TLS and login) serves many answers; the respond
  // stage sends several at once (queue.concurrency), one per pooled connection.
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: SMTP_MAX_CONNECTIONS,
    maxMessages: SMTP_MESSAGES_PER_CONNECTION,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ignoreTLS: !settings.secure && settings.host === '127.0.0.1',
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
  });
  return {
    async send(envelope, raw) {
      try {
        await transport.sendMail({ envelope, raw: Buffer.from(raw) });
      } catch (error) {
        throw classifySmtpError(error, `SMTP ${settings.host}:${settings.port}`);
      }
    },
    close: () => transport.close(),
  };
}

/** Commands after which the server has not yet seen the message: failing there is safe to retry. */
const BEFORE_MESSAGE = new Set([
  'CONN',
  'EHLO',
  'HELO',
  'STARTTLS',
  'AUTH',
  'AUTH PLAIN',
  'AUTH LOGIN',
  'MAIL FROM',
  'RCPT TO',
]);

/**
 * A 5xx reply is a refusal for good; a 4xx reply, or a failure before the message was
 * transmitted, is temporary. A connection lost after the message went out but before the
 * server's reply is neither: the server may have accepted it, so sending again could deliver it
 * twice (SMTP_OUTCOME_UNKNOWN).
 */
export function classifySmtpError(error: unknown, where: string): AppError {
  const e = error as { responseCode?: number; command?: string; message?: string };
  const code = e.responseCode;
  const what = `${where}${code ? ` answered ${code}` : ''}${e.command ? ` at ${e.command}` : ''}: ${e.message ?? String(error)}`;
  if (code !== undefined && code >= 500) return new AppError('SMTP_REJECTED', what);
  if (code !== undefined && code >= 400) return new AppError('SMTP_TEMPORARY', what);
  if (e.command === undefined || BEFORE_MESSAGE.has(e.command.toUpperCase()))
    return new AppError('SMTP_TEMPORARY', what);
  return new AppError('SMTP_OUTCOME_UNKNOWN', what);
}
