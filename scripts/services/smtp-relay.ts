/**
 * A real SMTP server for tests and the demo: it accepts the agency's outgoing mail on loopback and
 * hands each message to Dovecot over LMTP, so the answer lands in the recipient's mailbox and can
 * be read over IMAP as an institution would. Run as its own process by scripts/services.
 *
 *   node --import tsx scripts/services/smtp-relay.ts --port P --lmtp-port L --domains a.test,b.test
 *     [--refuse-file F]
 *
 * While the file F holds a time (epoch milliseconds) in the future, every transaction is refused
 * at MAIL FROM with 451 (a relay that is temporarily unable to take mail): the fault drills use
 * it to check that answers wait and go out once after the relay accepts again.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import nodemailer from 'nodemailer';

/** Larger than any answer the agency sends, and than the intake's own mail-size limit. */
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;
/** A handful of parallel test clients; more is a runaway loop. */
const MAX_CLIENTS = 64;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'lmtp-host': { type: 'string', default: '127.0.0.1' },
    'lmtp-port': { type: 'string' },
    domains: { type: 'string' },
    'refuse-file': { type: 'string' },
  },
});
const port = Number(values.port);
const lmtpPort = Number(values['lmtp-port']);
const domains = new Set(
  (values.domains ?? '')
    .split(',')
    .filter(Boolean)
    .map((d) => d.toLowerCase()),
);
if (!port || !lmtpPort || domains.size === 0) {
  process.stderr.write('usage: smtp-relay --port P --lmtp-port L --domains a.test,b.test\n');
  process.exit(2);
}

const lmtp = nodemailer.createTransport({
  host: values['lmtp-host'],
  port: lmtpPort,
  lmtp: true,
  secure: false,
  ignoreTLS: true,
});

const refuseFile = values['refuse-file'];

/** Until when the relay refuses mail (epoch ms), read per transaction so a test can flip it. */
function refusingUntil(): number {
  if (!refuseFile) return 0;
  try {
    return Number(readFileSync(refuseFile, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** The Message-ID header of a raw message, as a relay's log records it. */
function messageIdOf(raw: Buffer): string | undefined {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  // Unfolded first: a long Message-ID may be folded onto the next line.
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return /^message-id:[ \t]*(<[^>\r\n]+>)/im.exec(block)?.[1];
}

function log(event: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...fields })}\n`);
}

const server = new SMTPServer({
  name: 'smtp-relay.local',
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  size: MAX_MESSAGE_BYTES,
  maxClients: MAX_CLIENTS,
  logger: false,
  onMailFrom(_address, _session, callback) {
    const until = refusingUntil();
    if (until > Date.now()) {
      log('refused', { error: 'temporarily refusing mail', until: new Date(until).toISOString() });
      callback(
        Object.assign(new Error('temporarily unable to accept mail, try again later'), {
          responseCode: 451,
        }),
      );
      return;
    }
    callback();
  },
  onRcptTo(address, _session, callback) {
    const domain = address.address.split('@')[1]?.toLowerCase() ?? '';
    if (!domains.has(domain)) {
      const error = Object.assign(new Error(`relaying to ${domain} denied`), { responseCode: 550 });
      callback(error);
      return;
    }
    callback();
  },
  onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
    readAll(stream)
      .then(async (raw) => {
        if (stream.sizeExceeded) {
          throw Object.assign(new Error('message too large'), { responseCode: 552 });
        }
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const to = session.envelope.rcptTo.map((r) => r.address);
        const info = await lmtp.sendMail({ envelope: { from, to }, raw });
        if (info.rejected.length > 0) {
          throw Object.assign(new Error(`mailbox refused: ${info.rejected.join(', ')}`), {
            responseCode: 550,
          });
        }
        log('delivered', { to, bytes: raw.length, messageId: messageIdOf(raw) });
        callback(null, 'delivered');
      })
      .catch((error: Error & { responseCode?: number }) => {
        log('refused', { error: error.message });
        // Anything but a definite refusal is temporary, so the sender retries.
        callback(Object.assign(error, { responseCode: error.responseCode ?? 451 }));
      });
  },
});

server.on('error', (error) => log('error', { error: error.message }));
server.listen(port, '127.0.0.1', () => log('listening', { port, lmtpPort, domains: [...domains] }));
const stop = (): void => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
