import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { markInstallationDone } from '../../../pipelines/staff-actions.js';
import { ImportRejected, parseAuditRecordFile, parseCatalogueFile } from '../../cases/index.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import {
  caseEvents,
  importAuditRecords,
  importCatalogue,
  openDatabase,
  sqlCaseStore,
  type Database,
} from '../../store/index.js';

/**
 * The agency's registry from the command line: importing the IS catalogues and the test
 * environment's audit-record exports, looking at a case, and marking an installation done (the
 * dashboard does the same through the same use cases).
 */
async function withDatabase<T>(config: Readonly<Config>, work: (db: Database) => Promise<T>) {
  const db = await openDatabase(config);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

async function readImport<T>(file: string, parse: (name: string, bytes: Uint8Array) => T) {
  try {
    return parse(basename(file), new Uint8Array(await readFile(file)));
  } catch (error) {
    if (error instanceof ImportRejected)
      throw new AppError(
        'CLI_USAGE',
        `${file} was not imported:\n  ${error.problems.join('\n  ')}`,
      );
    throw error;
  }
}

export async function importCatalogueCommand(
  config: Readonly<Config>,
  environment: 'test' | 'production',
  file: string,
): Promise<string> {
  const entries = await readImport(file, parseCatalogueFile);
  const count = await withDatabase(config, (db) => importCatalogue(db, environment, entries));
  return `${count} entries imported into the ${environment} IS catalogue`;
}

export async function importAuditRecordsCommand(
  config: Readonly<Config>,
  file: string,
  batch: string | undefined,
): Promise<string> {
  const records = await readImport(file, parseAuditRecordFile);
  const name = batch ?? basename(file);
  const count = await withDatabase(config, (db) => importAuditRecords(db, name, records));
  return `${count} audit records imported as batch ${name}`;
}

export async function installationDoneCommand(
  config: Readonly<Config>,
  caseNumber: string,
  user: string,
): Promise<string> {
  const kase = await withDatabase(config, (db) =>
    markInstallationDone(config, db, caseNumber, user),
  );
  return `${kase.number} is ${kase.state}`;
}

export async function showCaseCommand(
  config: Readonly<Config>,
  caseNumber: string,
): Promise<string> {
  return withDatabase(config, async (db) => {
    const kase = await sqlCaseStore(db, { messageIdDomain: 'localhost' }).caseByNumber(caseNumber);
    if (!kase) throw new AppError('CLI_USAGE', `no case ${caseNumber}`);
    const events = await caseEvents(db, kase.id);
    return [
      `${kase.number}  ${kase.procedure}  ${kase.state}  ${kase.title ?? ''}`,
      ...events.map(
        (e) =>
          `  ${e.at.toISOString()}  ${e.kind}${e.toState ? ` → ${e.toState}` : ''}  (${e.actor})`,
      ),
    ].join('\n');
  });
}
