export * from './case-types.js';
export type * from './ports.js';
export type * from './submission.js';
export { runSubmission } from './run-submission.js';
export { routeSubmission, type Routing, type Step } from './route-submission.js';
export { sendReminders } from './send-reminders.js';
export { completeInstallation } from './complete-installation.js';
export { actContent, actCounter, actNumber, type ActContent } from './acceptance-act.js';
export { checkOperationDescription, type DescriptionCheck } from './operation-description.js';
export { analyseAuditRecords, type AuditSummary } from './analyse-audit-records.js';
export {
  DEFAULT_IDENTIFIER_FORMAT,
  checkIdentifierFormat,
  formatIdentifier,
  identifierPattern,
} from './identifier-format.js';
export { CASE_NUMBER_IN_TEXT } from './case-number.js';
export {
  parseCatalogueFile,
  parseAuditRecordFile,
  parseCsv,
  ImportRejected,
  MAX_IMPORT_BYTES,
} from './import-files.js';
export { registryProvisioning } from './registry-provisioning.js';
export { queueAnswer } from './queue-answer.js';
export { refuseOversize, type OversizeMail } from './refuse-oversize.js';
export { agencyDate, agencyYear, AGENCY_TIME_ZONE } from './agency-calendar.js';
