/**
 * The bench's submissions: signed P1 registration forms as institutions send them, made before
 * any timing starts, and their delivery straight into the agency's e-address mailbox over
 * Dovecot's LMTP (what the MTA in front of the mailbox does; no SMTP hop in between).
 */
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { makeSignedPdf, type PkiServer, type TestPki } from '../scripts/pki/index.js';
import type { MailAccount } from '../scripts/services/index.js';
import { fillForm, type FormValues } from '../src/forms/index.js';
import {
  INSTITUTION_A,
  INSTITUTION_B,
  registrationValues as testRegistrationValues,
} from '../test/integration/procedures/form-values.js';

/** LMTP connections delivering at once: enough to keep Dovecot busy, as an MTA's queue runner would. */
export const LMTP_CONNECTIONS = 4;
/** Forms signed at once while preparing: the TSA is on loopback, the signing is CPU. */
const SIGNING_CONCURRENCY = 2;

export interface Submission {
  index: number;
  /** Unique within a bench run: how the bench finds the message, its case and its answer. */
  subject: string;
  from: string;
  raw: Buffer;
}

export interface Delivery {
  index: number;
  subject: string;
  /** Epoch ms when the LMTP transaction began and when Dovecot accepted the message. */
  startedAt: number;
  deliveredAt: number;
}

/** Two test institutions with Latvian names; each submission registers an e-service of its own. */
const INSTITUTIONS = [INSTITUTION_A, INSTITUTION_B];

/** The tests' registration form, with a name of its own so each document opens its own case. */
function registrationValues(index: number): FormValues {
  const institution = INSTITUTIONS[index % INSTITUTIONS.length] ?? INSTITUTIONS[0];
  return testRegistrationValues(institution, {
    eserviceNameLv: `Būvatļaujas pieteikums nr. ${index}`,
    eserviceNameEn: `Building permit application no. ${index}`,
  });
}

/**
 * `count` distinct signed registration forms (each with its own e-service name, so each document
 * has its own SHA-256 and opens its own case), each in a mail from an institution to `to`.
 */
export async function makeSubmissions(options: {
  count: number;
  pki: TestPki;
  pkiServer: PkiServer;
  institutions: readonly MailAccount[];
  to: string;
  onProgress?: (done: number) => void;
}): Promise<Submission[]> {
  const tag = randomBytes(3).toString('hex');
  const signer = options.pki.signers.valid;
  const made: Submission[] = new Array<Submission>(options.count);
  let next = 0;
  let done = 0;
  const one = async (index: number): Promise<Submission> => {
    const pdf = await fillForm('eservice-registration', registrationValues(index));
    const signed = await makeSignedPdf({
      pdf,
      signer,
      chain: signer.chainPem,
      timestamp: { tsaUrl: options.pkiServer.tsaUrl },
    });
    const from = options.institutions[index % options.institutions.length]?.address ?? '';
    const subject = `E-pakalpojuma reģistrācija, bench ${tag} #${index}`;
    const raw = await new MailComposer({
      from,
      to: options.to,
      subject,
      messageId: `<bench-${tag}-${index}@${from.split('@')[1] ?? 'institution.test'}>`,
      date: new Date(),
      text: 'Labdien! Pielikumā parakstīta e-pakalpojuma reģistrācijas veidlapa.',
      attachments: [
        {
          filename: `registracija-${index}.pdf`,
          contentType: 'application/pdf',
          content: Buffer.from(signed),
        },
      ],
    })
      .compile()
      .build();
    return { index, subject, from, raw };
  };
  const lane = async (): Promise<void> => {
    for (let index = next++; index < options.count; index = next++) {
      made[index] = await one(index);
      done += 1;
      options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: SIGNING_CONCURRENCY }, lane));
  return made;
}

export interface LmtpDeliverer {
  deliver(submission: Submission): Promise<Delivery>;
  close(): void;
}

/** A pool of LMTP connections to Dovecot; every message goes to `to` only. */
export function lmtpDeliverer(host: string, port: number, to: string): LmtpDeliverer {
  const transport = nodemailer.createTransport({
    host,
    port,
    lmtp: true,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: LMTP_CONNECTIONS,
    maxMessages: Infinity,
  });
  // A pooled connection that breaks is reported here as well as to the sendMail that used it;
  // without a listener the event would end the process.
  transport.on('error', () => undefined);
  return {
    async deliver(submission) {
      const startedAt = Date.now();
      const info = await transport.sendMail({
        envelope: { from: submission.from, to: [to] },
        raw: submission.raw,
      });
      const deliveredAt = Date.now();
      if (info.rejected.length > 0)
        throw new Error(`Dovecot refused ${submission.subject}: ${info.response}`);
      return { index: submission.index, subject: submission.subject, startedAt, deliveredAt };
    },
    close: () => transport.close(),
  };
}

/** Every submission handed to the pool at once: as fast as LMTP takes them. */
export function deliverBurst(
  deliverer: LmtpDeliverer,
  submissions: readonly Submission[],
): Promise<Delivery[]> {
  return Promise.all(submissions.map((s) => deliverer.deliver(s)));
}

/**
 * One submission every 1/rate seconds on a fixed schedule (absolute deadlines, so a slow delivery
 * does not push the later ones back); deliveries may overlap when LMTP is slower than the rate.
 */
export async function deliverAtRate(
  deliverer: LmtpDeliverer,
  submissions: readonly Submission[],
  perSecond: number,
): Promise<Delivery[]> {
  const start = Date.now();
  const pending: Array<Promise<Delivery>> = [];
  for (const [i, submission] of submissions.entries()) {
    const wait = start + (i * 1000) / perSecond - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const delivery = deliverer.deliver(submission);
    // Handled here so a failure before Promise.all below is not an unhandled rejection.
    delivery.catch(() => undefined);
    pending.push(delivery);
  }
  return Promise.all(pending);
}
