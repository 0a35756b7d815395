/**
 * `npm run demo`: starts the local services (Redis, Dovecot, the SMTP relay) and the whole service
 * on embedded defaults (PGlite in .data), then shows what works. `npm run demo -- --once` checks
 * the same, stops everything it started and exits 0, for scripts.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { serve } from '../src/cli/commands/serve.js';
import { applyEnvOverrides, validateConfig, type ConfigInput } from '../src/config/index.js';
import { buildTestPki, makeSignedPdf, startPkiServer } from './pki/index.js';
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
  const agency = dovecot.accounts.filter((a) => a.role !== 'institution');
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
  const input = demoConfig(state, webPort, rootFile);
  const configFile = join(dataDir, 'demo.config.json');
  writeFileSync(configFile, `${JSON.stringify(input, null, 2)}\n`, { mode: 0o600 });
  // INTAKE_* variables still win over the demo's choices, as they do for `intake serve`.
  const sources = applyEnvOverrides(input as Record<string, unknown>, process.env);
  const running = await serve(validateConfig(input, sources), 'all');
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

  // A signed form from an institution, and an auto-reply, through the pipeline.
  const institution = state.dovecot?.accounts.find((a) => a.role === 'institution');
  const eAddress = state.dovecot?.accounts.find((a) => a.role === 'e-address');
  const form = await makeSignedPdf({
    signer: pki.signers.valid,
    chain: pki.signers.valid.chainPem,
    timestamp: { tsaUrl: pkiServer.tsaUrl },
  });
  const subject = `E-pakalpojuma reģistrācija ${new Date().toISOString()}`;
  const smtp = nodemailer.createTransport({
    host: state.smtp?.host,
    port: state.smtp?.port,
    secure: false,
    ignoreTLS: true,
  });
  await smtp.sendMail({
    from: institution?.address,
    to: eAddress?.address,
    subject,
    text: 'Pielikumā parakstīta veidlapa.',
    attachments: [{ filename: 'registracija.pdf', content: Buffer.from(form) }],
  });
  await smtp.sendMail({
    from: institution?.address,
    to: eAddress?.address,
    subject: `Prombūtnē ${subject}`,
    text: 'Atvaļinājumā.',
    headers: { 'Auto-Submitted': 'auto-replied' },
  });
  say(
    `  sent       a signed form and an auto-reply from ${institution?.address} to ${eAddress?.address}`,
  );
  const deadline = Date.now() + 60_000;
  let outcome:
    { accepted: boolean; indication: string; qualification: string; level: string } | undefined;
  let ignored: { status_reason: string } | undefined;
  while ((!outcome || !ignored) && Date.now() < deadline) {
    outcome ??= (
      await running.db.query<{
        accepted: boolean;
        indication: string;
        qualification: string;
        level: string;
      }>(
        'SELECT r.accepted, r.indication, r.qualification, r.level FROM verification_reports r JOIN documents d ON d.id = r.document_id JOIN messages m ON m.id = d.message_id WHERE m.subject = $1',
        [subject],
      )
    ).rows[0];
    ignored ??= (
      await running.db.query<{ status_reason: string }>(
        "SELECT status_reason FROM messages WHERE subject = $1 AND status = 'ignored'",
        [`Prombūtnē ${subject}`],
      )
    ).rows[0];
    if (!outcome || !ignored) await new Promise((r) => setTimeout(r, 250));
  }
  if (!outcome || !ignored) throw new Error('the mail did not go through the pipeline within 60 s');
  say(
    `  pipeline   IMAP → blob store → ledger → intake → verify: ${outcome.accepted ? 'ACCEPTED' : 'NOT ACCEPTED'} (${outcome.indication}, ${outcome.level}, ${outcome.qualification})`,
  );
  say(`             the auto-reply was recorded as ignored: ${ignored.status_reason}`);

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
