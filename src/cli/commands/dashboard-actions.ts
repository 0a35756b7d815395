import {
  allSignatureRows,
  documentReportPdf,
  documentReportText,
  periodBound,
} from '../../../pipelines/compliance-reports.js';
import { STAGES } from '../../../pipelines/graph.js';
import {
  addStaffUser,
  changeStaffUser,
  closeTicket,
  decideAnswer,
  editCatalogueEntry,
  importAuditRecordFile,
  importCatalogueFile,
  markInstallationDone,
  reassignContact,
  retryJob,
  saveRoster,
} from '../../../pipelines/staff-actions.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../errors/index.js';
import { DEAD_LETTER_QUEUE, type PipelineQueues } from '../../queue/pipeline-queues.js';
import { listDeadLetters } from '../../queue/dead-letters.js';
import type { Database } from '../../store/index.js';
import type { DashboardDeps, StaffActions } from '../../web/dashboard-deps.js';

/** The staff actions of pipelines/staff-actions.ts, bound to this process's database and queues. */
export function dashboardActions(
  config: Readonly<Config>,
  db: Database,
  queues: PipelineQueues | undefined,
  seal: ((pdf: Uint8Array) => Promise<Uint8Array>) | undefined,
): StaffActions {
  const noQueues = () => new AppError('REDIS_UNAVAILABLE', 'this process has no queue connection');
  return {
    decideAnswer: (decision, id, user) => decideAnswer(db, decision, id, user),
    markInstallationDone: (number, user) => markInstallationDone(config, db, number, user),
    reassignContact: (number, to, user) => reassignContact(config, db, number, to, user),
    closeTicket: (number, reason, user) => closeTicket(config, db, number, reason, user),
    deadLetters: async () => (queues ? listDeadLetters(queues) : []),
    retryJob: async (id, user, caseNumber) => {
      if (!queues) throw noQueues();
      return retryJob(db, queues, id, user, caseNumber);
    },
    addUser: (account, by) => addStaffUser(db, account, by),
    changeUser: (username, patch, by) => changeStaffUser(db, username, patch, by),
    saveRoster: (entry, by) => saveRoster(db, entry, by),
    importCatalogue: (env, name, bytes, by) => importCatalogueFile(db, env, name, bytes, by),
    importAuditRecords: (batch, name, bytes, by) =>
      importAuditRecordFile(db, batch, name, bytes, by),
    editCatalogue: (env, id, patch, by) => editCatalogueEntry(db, env, id, patch, by),
    signatureRows: (filter) => allSignatureRows(db, filter),
    reportText: (found, format) => documentReportText({ config }, found, format),
    reportPdf: seal ? (found) => documentReportPdf({ config, seal }, found) : undefined,
    periodBound,
  };
}

/** Everything the dashboard needs from this process. */
export function dashboardDeps(
  config: Readonly<Config>,
  db: Database,
  queues: PipelineQueues | undefined,
  seal: ((pdf: Uint8Array) => Promise<Uint8Array>) | undefined,
): DashboardDeps {
  return {
    db,
    config,
    actions: dashboardActions(config, db, queues, seal),
    queues,
    stageNames: [...STAGES.map((s) => s.name), DEAD_LETTER_QUEUE],
    secureCookies: config.web.secureCookies,
  };
}
