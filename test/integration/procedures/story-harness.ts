import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { inject } from 'vitest';
import {
  buildTestPki,
  makeSignedPdf,
  startPkiServer,
  TEST_PKI_CACHE_DIR,
  type PkiServer,
  exportPkcs12,
} from '../../../scripts/pki/index.js';
import type { TestPki } from '../../../scripts/pki/test-pki-types.js';
import { serve, type RunningService } from '../../../src/cli/commands/serve.js';
import { validateConfig, type Config, type ConfigInput } from '../../../src/config/index.js';
import { fillForm, type FormType, type FormValues } from '../../../src/forms/index.js';
import { createScratchDatabase } from '../../support/databases.js';

/**
 * One whole service for the procedure stories: real Dovecot (its own two agency mailboxes),
 * Redis (its own queue prefix), PostgreSQL (a scratch database), the SMTP relay, and the test PKI
 * serving OCSP, CRLs and the TSA on loopback. Institutions' forms are made with the project's
 * forms library and signed with the test PKI, as an institution's signing tool would.
 */
export interface Story {
  pki: TestPki;
  pkiServer: PkiServer;
  config: Readonly<Config>;
  sql: pg.Client;
  running: RunningService;
  eAddress: string;
  supportAddress: string;
  close(): Promise<void>;
}

export async function startStory(
  instance: string,
  overrides: Partial<ConfigInput> = {},
): Promise<Story> {
  const services = inject('services');
  const accounts = services.dovecot?.accounts ?? [];
  const eAddress = accounts.find((a) => a.address.startsWith('stasti-e-adrese@'));
  const support = accounts.find((a) => a.address.startsWith('stasti-atbalsts@'));
  if (!eAddress || !support || !services.dovecot || !services.smtp || !services.redis)
    throw new Error('services missing');
  const dir = mkdtempSync(join(tmpdir(), `intake-${instance}-`));
  const pki = await buildTestPki(TEST_PKI_CACHE_DIR, { instance });
  const pkiServer = await startPkiServer(pki);
  writeFileSync(join(dir, 'root.pem'), pki.trustAnchorsPem);
  const seal = pki.signers.agencySeal;
  const p12Password = await exportPkcs12(pki.signers.agencySeal, join(dir, 'seal.p12'));
  writeFileSync(join(dir, 'chain.pem'), seal.chainPem);
  const scratch = await createScratchDatabase(instance.replace(/[^a-z0-9]/g, '_'));
  const mailbox = (name: string, account: { address: string; password: string }) => ({
    name,
    host: services.dovecot?.host ?? '',
    port: services.dovecot?.imapPort ?? 0,
    secure: false,
    user: account.address,
    password: account.password,
  });
  const config = validateConfig({
    dataDir: dir,
    log: { level: 'silent' },
    database: { url: scratch.url },
    redis: { url: services.redis.url, prefix: `${instance}-${randomBytes(3).toString('hex')}` },
    agency: { addresses: [eAddress.address, support.address] },
    mailboxes: [mailbox('e-address', eAddress), mailbox('support', support)],
    smtp: { host: services.smtp.host, port: services.smtp.port, from: eAddress.address },
    signing: { kind: 'pkcs12', file: join(dir, 'seal.p12'), password: p12Password },
    tsa: { url: pkiServer.tsaUrl },
    trust: { anchors: [join(dir, 'root.pem')] },
    web: { port: 0 },
    ...overrides,
  });
  const running = await serve(config, 'all');
  const sql = new pg.Client({ connectionString: scratch.url });
  await sql.connect();
  return {
    pki,
    pkiServer,
    config,
    sql,
    running,
    eAddress: eAddress.address,
    supportAddress: support.address,
    async close() {
      await running.stop('story finished');
      await sql.end();
      await pkiServer.close();
      await scratch.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Attachment {
  filename: string;
  content: Uint8Array | string;
}

export async function sendMail(
  story: Story,
  mail: {
    to: 'e-address' | 'support';
    from: string;
    subject: string;
    attachments?: Attachment[];
    text?: string;
    inReplyTo?: string;
    references?: string;
  },
): Promise<void> {
  const services = inject('services');
  const transport = nodemailer.createTransport({
    host: services.smtp?.host,
    port: services.smtp?.port,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({
    from: mail.from,
    to: mail.to === 'e-address' ? story.eAddress : story.supportAddress,
    subject: mail.subject,
    text: mail.text ?? 'Pielikumā.',
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: mail.references } : {}),
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: typeof a.content === 'string' ? a.content : Buffer.from(a.content),
    })),
  });
  transport.close();
}

export type SignerChoice = 'valid' | 'nonQualified' | 'agencySeal' | 'none';

/** A form as an institution sends it: filled, then signed (with a time-stamp unless told not to). */
export async function signedForm(
  story: Story,
  type: FormType,
  values: FormValues,
  options: { signer?: SignerChoice; timestamp?: boolean } = {},
): Promise<Uint8Array> {
  const pdf = await fillForm(type, values);
  return signPdf(story, pdf, options);
}

export async function signPdf(
  story: Story,
  pdf: Uint8Array,
  options: { signer?: SignerChoice; timestamp?: boolean; fieldName?: string } = {},
): Promise<Uint8Array> {
  const choice = options.signer ?? 'valid';
  if (choice === 'none') return pdf;
  const signer = story.pki.signers[choice];
  return makeSignedPdf({
    pdf,
    signer,
    chain: signer.chainPem,
    ...(options.timestamp === false ? {} : { timestamp: { tsaUrl: story.pkiServer.tsaUrl } }),
    ...(options.fieldName ? { fieldName: options.fieldName } : {}),
  });
}

export interface CaseRow {
  id: string;
  number: string;
  procedure: string;
  state: string;
  contact_person: string | null;
  data: Record<string, unknown>;
}

export interface OutboxRow {
  kind: string;
  recipient: string;
  data: Record<string, unknown>;
  attachments: Array<{ kind: string; sha256?: string; filename?: string; documentId?: string }>;
  outgoing_message_id: string;
}

/** Polls until `probe` gives a value; the pipeline is asynchronous end to end. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The case the mail with this subject joined, once its step is done (message processed). */
export async function caseOfMail(story: Story, subject: string): Promise<CaseRow> {
  return waitFor(`the case of "${subject}"`, async () => {
    const failed = await story.sql.query<{ status: string; status_reason: string }>(
      "SELECT status, status_reason FROM messages WHERE subject = $1 AND status IN ('failed', 'ignored')",
      [subject],
    );
    if (failed.rows[0]) throw new Error(`"${subject}" ended ${JSON.stringify(failed.rows[0])}`);
    return (
      await story.sql.query<CaseRow>(
        `SELECT c.id::text AS id, c.number, c.procedure, c.state, c.contact_person, c.data
         FROM messages m JOIN case_messages cm ON cm.message_id = m.id JOIN cases c ON c.id = cm.case_id
         WHERE m.subject = $1 AND m.status = 'processed'`,
        [subject],
      )
    ).rows[0];
  });
}

export async function outboxOf(story: Story, caseId: string): Promise<OutboxRow[]> {
  return (
    await story.sql.query<OutboxRow>(
      'SELECT kind, recipient, data, attachments, outgoing_message_id FROM outbox WHERE case_id = $1 ORDER BY id',
      [caseId],
    )
  ).rows;
}

/** Recorded by the respond stage (pipelines/respond.handler.ts), not by a procedure step. */
const DELIVERY_EVENTS = ['answer-sent', 'answer-held', 'answer-rejected', 'answer-unconfirmed'];

/**
 * The procedure's events on a case, in order. The respond stage's delivery events (`answer-sent`,
 * `answer-held`, …) are left out: they arrive whenever the relay answers, so they interleave with
 * the steps differently from run to run, and the stories here are about the procedures.
 */
export async function eventsOf(story: Story, caseId: string): Promise<string[]> {
  return (
    await story.sql.query<{ kind: string }>(
      'SELECT kind FROM case_events WHERE case_id = $1 AND NOT (kind = ANY($2::text[])) ORDER BY id',
      [caseId, DELIVERY_EVENTS],
    )
  ).rows.map((r) => r.kind);
}

let counter = 0;
/** A subject no other story uses, so each story finds its own mail. */
export function subject(text: string): string {
  counter += 1;
  return `${text} #${counter}-${randomBytes(2).toString('hex')}`;
}
