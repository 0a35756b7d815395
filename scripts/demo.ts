/**
 * `npm run demo`: starts the local services (Redis, Dovecot, the SMTP relay) and the whole service
 * on embedded defaults (PGlite in .data), then shows what works. `npm run demo -- --once` checks
 * the same, stops everything it started and exits 0, for scripts.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { createHttpFetcher } from '../src/adapters/http-fetcher.js';
import { loadTrustStore } from '../src/adapters/trust-files.js';
import { serve } from '../src/cli/commands/serve.js';
import { createVerifyContext, DEFAULT_POLICY, verifyDocument } from '../src/signature/index.js';
import { applyEnvOverrides, validateConfig, type ConfigInput } from '../src/config/index.js';
import { runDemoSubmissions } from './demo-submissions.js';
import { buildTestPki, startPkiServer, exportPkcs12 } from './pki/index.js';
import type { TestPki } from './pki/test-pki-types.js';
import { ensureDemoLogins, signIn } from './demo-dashboard.js';
import { servicesDown, servicesUp, type ServicesState } from './services/index.js';
import { portAccepts } from './services/process-tools.js';

const { values } = parseArgs({
  options: { once: { type: 'boolean', default: false }, 'data-dir': { type: 'string' } },
});
const dataDir = resolve(values['data-dir'] ?? process.env.INTAKE_DATA_DIR ?? '.data');
const say = (line: string): void => void process.stdout.write(`${line}\n`);

function demoConfig(state: ServicesState, webPort: number, trustAnchor: string): ConfigInput {
  const dovecot = state.dovecot;
  const smtp = state.smtp;
  if (!dovecot || !smtp || !state.redis) throw new Error('services did not start');
  const agency = dovecot.accounts.filter((a) => a.role === 'e-address' || a.role === 'support');
  return {
    dataDir,
    log: { level: 'warn' },
    redis: { url: state.redis.url },
    agency: { addresses: agency.map((a) => a.address) },
    mailboxes: agency.map((a) => ({
      name: a.role,
      host: dovecot.host,
      port: dovecot.imapPort,
      secure: false,
      user: a.address,
      password: a.password,
    })),
    smtp: { host: smtp.host, port: smtp.port, secure: false, from: agency[0]?.address },
    trust: { anchors: [trustAnchor] },
    web: { host: '127.0.0.1', port: webPort },
  };
}

/** The answers from the agency in an institution's inbox, and the PDF of the latest. */
async function sealedAnswersIn(
  state: ServicesState,
  account: { address: string; password: string },
  from: string,
): Promise<{ count: number; latest?: { filename: string; content: Uint8Array } }> {
  const imap = new ImapFlow({
    host: state.dovecot?.host ?? '127.0.0.1',
    port: state.dovecot?.imapPort ?? 0,
    secure: false,
    auth: { user: account.address, pass: account.password },
    logger: false,
  });
  await imap.connect();
  try {
    const lock = await imap.getMailboxLock('INBOX');
    try {
      // Only the automatic answers: the probe letter above came from the same address.
      const uids =
        (await imap.search(
          { from, header: { 'auto-submitted': 'auto-replied' } },
          { uid: true },
        )) || [];
      const last = uids[uids.length - 1];
      if (last === undefined) return { count: 0 };
      const message = await imap.fetchOne(String(last), { source: true }, { uid: true });
      const mail = message && message.source ? await simpleParser(message.source) : undefined;
      const pdf = mail?.attachments.find((a) => a.contentType === 'application/pdf');
      return {
        count: uids.length,
        ...(pdf
          ? {
              latest: {
                filename: pdf.filename ?? 'letter.pdf',
                content: new Uint8Array(pdf.content),
              },
            }
          : {}),
      };
    } finally {
      lock.release();
    }
  } finally {
    await imap.logout();
  }
}

/**
 * The agency's demo seal: the demo PKI's agency certificate as a PKCS#12 file with a random
 * password (in the demo's data directory, never committed), and the demo TSA.
 */
async function demoSeal(pki: TestPki, tsaUrl: string): Promise<Partial<ConfigInput>> {
  const file = join(dataDir, 'demo-seal.p12');
  const password = await exportPkcs12(pki.signers.agencySeal, file);
  return { signing: { kind: 'pkcs12', file, password }, tsa: { url: tsaUrl } };
}

/** Sends a probe letter through the relay and reads it back over IMAP, as an institution would. */
async function probeMail(state: ServicesState): Promise<string> {
  const institution = state.dovecot?.accounts.find((a) => a.role === 'institution');
  if (!state.smtp || !state.dovecot || !institution) throw new Error('mail services missing');
  const subject = `signed-intake demo probe ${new Date().toISOString()}`;
  await nodemailer
    .createTransport({
      host: state.smtp.host,
      port: state.smtp.port,
      secure: false,
      ignoreTLS: true,
    })
    .sendMail({
      from: 'e-adrese@agency.test',
      to: institution.address,
      subject,
      text: 'Sveiki! Šī ir pārbaudes vēstule.',
    });
  const imap = new ImapFlow({
    host: state.dovecot.host,
    port: state.dovecot.imapPort,
    secure: false,
    auth: { user: institution.address, pass: institution.password },
    logger: false,
  });
  await imap.connect();
  try {
    const lock = await imap.getMailboxLock('INBOX');
    try {
      const found = await imap.search({ subject }, { uid: true });
      if (!found || found.length !== 1) throw new Error('the probe letter did not arrive');
    } finally {
      lock.release();
    }
  } finally {
    await imap.logout();
  }
  return institution.address;
}

async function main(): Promise<void> {
  say(`signed-intake demo — data directory ${dataDir}`);
  const state = await servicesUp({ dataDir, services: ['redis', 'dovecot', 'smtp'] });
  say(`  redis      ${state.redis?.url}${state.redis?.pid ? ' (started)' : ' (existing)'}`);
  say(
    `  dovecot    imap 127.0.0.1:${state.dovecot?.imapPort}, lmtp 127.0.0.1:${state.dovecot?.lmtpPort}`,
  );
  say(`  smtp relay 127.0.0.1:${state.smtp?.port} → Dovecot LMTP`);
  const preferred = Number(process.env.INTAKE_WEB__PORT ?? 8080);
  const webPort = (await portAccepts(preferred)) ? 0 : preferred;
  // A throw-away demo PKI (root, qualified CA, TSA, OCSP) made with OpenSSL, served on loopback.
  const pki = await buildTestPki(join(dataDir, 'pki'), { instance: 'demo' });
  const pkiServer = await startPkiServer(pki);
  const rootFile = join(dataDir, 'demo-root.pem');
  writeFileSync(rootFile, pki.trustAnchorsPem);
  say(`  demo PKI   OCSP, CRL and TSA on ${pkiServer.url}`);
  const input = {
    ...demoConfig(state, webPort, rootFile),
    ...(await demoSeal(pki, pkiServer.tsaUrl)),
  };
  const configFile = join(dataDir, 'demo.config.json');
  writeFileSync(configFile, `${JSON.stringify(input, null, 2)}\n`, { mode: 0o600 });
  // INTAKE_* variables still win over the demo's choices, as they do for `intake serve`.
  const sources = applyEnvOverrides(input as Record<string, unknown>, process.env);
  const config = validateConfig(input, sources);
  const running = await serve(config, 'all');
  say(`  database   embedded PGlite in ${join(dataDir, 'pglite')}, migrated`);
  say(`  web        ${running.url}  (/healthz, /readyz, /metrics)`);

  const ready = (await (await fetch(`${running.url}/readyz`)).json()) as {
    status: string;
    checks: Record<string, string>;
  };
  say(
    `  readiness  ${ready.status}: ${Object.entries(ready.checks)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const reader = await probeMail(state);
  say(`  mail       a probe letter sent through the relay was read over IMAP by ${reader}`);
  say(`  config     ${configFile} (run it again with: npx intake serve --config ${configFile})`);
  if (ready.status !== 'ready') throw new Error('the service is not ready');

  // One submission of each kind from a test institution, each followed to its case's state.
  const institution = state.dovecot?.accounts.find((a) => a.role === 'institution');
  const eAddress = state.dovecot?.accounts.find((a) => a.role === 'e-address');
  const support = state.dovecot?.accounts.find((a) => a.role === 'support');
  if (!institution || !eAddress || !support || !state.smtp) throw new Error('accounts missing');
  await runDemoSubmissions(
    {
      config,
      running,
      pki,
      tsaUrl: pkiServer.tsaUrl,
      smtp: { host: state.smtp.host, port: state.smtp.port },
      institution: institution.address,
      eAddress: eAddress.address,
      support: support.address,
    },
    say,
  );

  // The institution's side: its own mailbox now holds the agency's sealed answers.
  const letters = await sealedAnswersIn(state, institution, eAddress.address);
  say(
    `  mailbox    ${institution.address} holds ${letters.count} sealed answers from ${eAddress.address}`,
  );
  if (letters.latest) {
    const report = await verifyDocument(
      letters.latest.filename,
      letters.latest.content,
      createVerifyContext({
        trust: loadTrustStore([rootFile], [], []),
        offline: false,
        fetcher: createHttpFetcher(),
      }),
      DEFAULT_POLICY,
    );
    const first = report.signatures[0];
    say(
      `             the latest, ${letters.latest.filename}: ${report.accepted ? 'ACCEPTED' : 'NOT ACCEPTED'} by our verifier (${first?.qualification ?? '-'}, ${first?.level ?? '-'})`,
    );
  }
  say(
    `             read them over IMAP at 127.0.0.1:${state.dovecot?.imapPort} as ${institution.address} (password in ${join(dataDir, 'services', 'state.json')})`,
  );

  // An auto-reply is recorded and never answered.
  const autoReply = `Prombūtnē ${new Date().toISOString()}`;
  await nodemailer
    .createTransport({
      host: state.smtp.host,
      port: state.smtp.port,
      secure: false,
      ignoreTLS: true,
    })
    .sendMail({
      from: institution.address,
      to: eAddress.address,
      subject: autoReply,
      text: 'Atvaļinājumā.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
  const deadline = Date.now() + 60_000;
  let ignored: { status_reason: string } | undefined;
  while (!ignored && Date.now() < deadline) {
    ignored = (
      await running.db.query<{ status_reason: string }>(
        "SELECT status_reason FROM messages WHERE subject = $1 AND status = 'ignored'",
        [autoReply],
      )
    ).rows[0];
    if (!ignored) await new Promise((r) => setTimeout(r, 250));
  }
  if (!ignored) throw new Error('the auto-reply did not go through the pipeline within 60 s');
  say(`  auto-reply recorded as ignored, never answered: ${ignored.status_reason}`);

  // The staff dashboard: a demo account per role; the pages show the cases above.
  const logins = await ensureDemoLogins(running.db, dataDir);
  const cases = (
    await running.db.query<{ number: string }>('SELECT number FROM cases ORDER BY id')
  ).rows.map((r) => r.number);
  const asOperator = await signIn(running.url, logins.operator);
  const casesPage = await asOperator('/cases');
  const missing = cases.filter((n) => !casesPage.includes(n));
  if (missing.length > 0) throw new Error(`the dashboard does not list ${missing.join(', ')}`);
  await asOperator('/');
  const asCompliance = await signIn(running.url, logins.compliance);
  const reports = await asCompliance('/reports/signatures');
  const documents = /Documents \((\d+)\)/.exec(reports)?.[1] ?? '0';
  say(
    `  dashboard  ${running.url}/ lists all ${cases.length} cases; ${documents} signature reports`,
  );
  say(
    `             sign in as ${logins.operator.username} / ${logins.operator.password} (operator); compliance and admin logins in ${join(dataDir, 'demo-logins.json')}`,
  );

  const finish = async (): Promise<void> => {
    await running.stop('demo finished');
    await pkiServer.close();
    await servicesDown(dataDir);
  };
  if (values.once) {
    await finish();
    say('demo OK (--once): everything started by the demo has been stopped');
    process.exit(0);
  }
  say('running — press Ctrl-C to stop (the local services stop too)');
  const onSignal = (): void => void finish().then(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await servicesDown(dataDir).catch(() => undefined);
  process.exit(1);
});
