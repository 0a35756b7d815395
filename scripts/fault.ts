/**
 * The fault drills: signed submissions delivered while, one scenario at a time, a worker is
 * SIGKILLed, Redis restarts or stays down, PostgreSQL restarts, Dovecot drops the IMAP sessions,
 * the SMTP relay refuses mail for longer than the respond backoff, and the OCSP responder and the
 * TSA are down. After each: one case and one answer per submission, every answer `sent`, and the
 * dead-letter queue empty (all these faults are temporary). Prints the table; exit 1 if any
 * scenario does not hold.
 *
 *   npm run fault                    200 submissions per scenario, Redis down for a minute
 *   npm run fault -- --quick         40 submissions, shorter outages
 *   npm run fault -- --only "SMTP 4xx" --count 60
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPipelineEnvironment } from '../bench/pipeline-environment.js';
import { killIntakeProcesses } from '../bench/pipeline-processes.js';
import { makeSubmissions } from '../bench/pipeline-submissions.js';
import { runDrill, type DrillResult } from './fault/drill.js';
import { ALL_FAULTS } from './fault/faults.js';
import { resultDetails, resultHolds, resultTable } from './fault/table.js';

/** The issue's load: at least 200 signed submissions per scenario. */
const FULL_SUBMISSIONS = 200;
/** Enough to keep both workers busy through a short fault, small enough for a few minutes in all. */
const QUICK_SUBMISSIONS = 40;
/** The PKI instance fixes the PKI's port; the drills' own keeps them apart from tests and bench. */
const PKI_INSTANCE = 'fault-drills';

function say(message: string): void {
  process.stderr.write(`fault: ${message}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      count: { type: 'string' },
      only: { type: 'string', multiple: true },
      'work-dir': { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const count = Number(values.count ?? (quick ? QUICK_SUBMISSIONS : FULL_SUBMISSIONS));
  const only = values.only;
  const faults = only ? ALL_FAULTS.filter((f) => only.includes(f.name)) : ALL_FAULTS;
  if (faults.length === 0) throw new Error(`no fault named ${only?.join(', ')}`);
  const workDir = values['work-dir'] ?? mkdtempSync(join(tmpdir(), 'signed-intake-fault-'));
  mkdirSync(workDir, { recursive: true });
  say(`work directory ${workDir} (process logs per scenario)`);
  say('starting Redis, PostgreSQL, Dovecot, the SMTP relay and the test PKI');
  const env = await startPipelineEnvironment(workDir, {
    pkiInstance: PKI_INSTANCE,
    ownServers: true,
  });
  const onSignal = (): void => {
    killIntakeProcesses();
    void env.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const results: DrillResult[] = [];
  const errors: string[] = [];
  try {
    say(`making ${count} signed registration forms`);
    const submissions = await makeSubmissions({
      count,
      pki: env.pki,
      pkiServer: env.pkiServer,
      institutions: env.institutions,
      to: env.eAddress.address,
    });
    for (const fault of faults) {
      say(`${fault.name}: ${fault.description}`);
      try {
        const result = await runDrill({
          env,
          workDir,
          scenario: fault.name,
          faults: [{ fault }],
          submissions,
          quick,
          log: say,
        });
        results.push(result);
        say(`${fault.name}: ${resultHolds(result) ? 'holds' : 'DOES NOT HOLD'}`);
      } catch (error) {
        // One scenario that cannot run (a process that would not start) still lets the rest
        // run and the table print; the run fails at the end.
        const reason = error instanceof Error ? error.message : String(error);
        errors.push(`${fault.name}: could not run: ${reason}`);
        say(`${fault.name}: could not run: ${reason}`);
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    say('stopping the services');
    await env.close();
  }
  const table = resultTable(results);
  const details = resultDetails(results);
  const notes = [details, ...errors].filter(Boolean).join('\n');
  process.stdout.write(`\n${table}\n${notes ? `\n${notes}\n` : ''}`);
  writeFileSync(
    join(workDir, 'fault-results.json'),
    `${JSON.stringify({ quick, count, results, errors }, null, 2)}\n`,
  );
  return errors.length === 0 && results.every(resultHolds) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `fault: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
