import type { RosterEntry } from '../cases/index.js';
import type { Config } from '../config/index.js';
import type { DeadLetter } from '../queue/dead-letters.js';
import type { PipelineQueues } from '../queue/pipeline-queues.js';
import type { SignatureReportRow } from '../responses/reports/index.js';
import type { DocumentReport } from '../signature/index.js';
import type { CatalogueEnvironment, CataloguePatch } from '../store/dashboard-queries.js';
import type { Database } from '../store/index.js';
import type { SignatureReportFilter } from '../store/signature-reports.js';
import type { RosterRow, StaffRole, StaffUser } from '../store/staff-repository.js';

/** One document's stored report, as the store loads it. */
export interface StoredReport {
  row: SignatureReportRow;
  report: DocumentReport;
}

/**
 * What staff do from the dashboard. The same actions run from the command line; the process
 * that serves the dashboard wires them in (src/cli/commands/dashboard-actions.ts), so the pages
 * never reach into the pipeline themselves. Each writes the case's history and the audit log.
 */
export interface StaffActions {
  decideAnswer(
    decision: 'release' | 'mark-sent',
    id: string,
    user: string,
  ): Promise<{ caseNumber: string | undefined }>;
  markInstallationDone(caseNumber: string, user: string): Promise<{ state: string }>;
  reassignContact(caseNumber: string, to: RosterEntry, user: string): Promise<unknown>;
  closeTicket(caseNumber: string, reason: string, user: string): Promise<unknown>;
  /** Jobs that failed for good; empty without a queue connection. */
  deadLetters(): Promise<DeadLetter[]>;
  retryJob(deadLetterId: string, user: string, caseNumber?: string): Promise<DeadLetter>;
  addUser(
    account: { username: string; displayName?: string; role: StaffRole },
    by: string,
  ): Promise<{ user: StaffUser; generatedPassword?: string }>;
  changeUser(
    username: string,
    patch: { role?: StaffRole; disabled?: boolean },
    by: string,
  ): Promise<StaffUser>;
  saveRoster(
    entry: { email: string; name: string; active: boolean },
    by: string,
  ): Promise<RosterRow>;
  importCatalogue(
    environment: CatalogueEnvironment,
    filename: string,
    bytes: Uint8Array,
    by: string,
  ): Promise<number>;
  importAuditRecords(
    batch: string,
    filename: string,
    bytes: Uint8Array,
    by: string,
  ): Promise<number>;
  editCatalogue(
    environment: CatalogueEnvironment,
    identifier: string,
    patch: CataloguePatch | null,
    by: string,
  ): Promise<void>;
  /** Every row of a report period (paged through, not capped). */
  signatureRows(filter: SignatureReportFilter): Promise<SignatureReportRow[]>;
  reportText(found: StoredReport, format: 'html' | 'json'): string;
  /** Undefined when no agency seal is configured. */
  reportPdf?: ((found: StoredReport) => Promise<Uint8Array>) | undefined;
  /** A report period's bound from a date (a whole day in Riga) or an ISO instant. */
  periodBound(value: string, bound: 'from' | 'to'): Date;
}

export interface DashboardDeps {
  db: Database;
  config: Readonly<Config>;
  actions: StaffActions;
  /** The pipeline's queues (counts, the queue board), and the names of its stages. */
  queues?: PipelineQueues | undefined;
  stageNames: readonly string[];
  /** Secure (`__Host-`) cookies: on, except plain-http development on loopback. */
  secureCookies: boolean;
  now?: () => Date;
}
