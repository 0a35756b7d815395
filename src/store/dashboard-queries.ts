/**
 * The read models behind the staff dashboard: what arrived, where each case stands, what failed,
 * and the registry (the implementations are in `dashboard/`, one concern per file). Read-only,
 * except the two catalogue edits, which return the before and after for the audit log the
 * caller writes in the same transaction.
 *
 * Every free-text field that came from outside (subjects, reasons, certificate names, titles)
 * has personal codes masked: the pages show them to every staff role. Names and e-mail addresses
 * of people granted access are returned as they are; the web layer decides who sees them.
 * Lists come in bounded pages (`DEFAULT_PAGE_SIZE`, at most `MAX_PAGE_SIZE`); text filters are
 * case-insensitive substrings with LIKE's wildcards escaped.
 */
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  MAX_SEARCH_LENGTH,
  containing,
  pageBounds,
  type Page,
  type PageRequest,
} from './dashboard/query-parts.js';
export {
  SERIES_HOURS,
  overviewStats,
  type CaseCount,
  type LatencyPoint,
  type OverviewStats,
  type ThroughputPoint,
} from './dashboard/overview.js';
export { searchMessages, type MessageListing, type MessageSearch } from './dashboard/messages.js';
export {
  CASE_STEPS,
  caseStep,
  listCases,
  listSupportTickets,
  type CaseFilter,
  type CaseListing,
  type SupportTicketFilter,
  type SupportTicketListing,
} from './dashboard/cases.js';
export {
  caseDetail,
  type AcceptanceAct,
  type CaseDetail,
  type CaseDocument,
  type CaseLetter,
  type CaseMessage,
  type InstallationTask,
  type VerificationSummary,
} from './dashboard/case-detail.js';
export {
  listAccessGrants,
  listAuditRecordBatches,
  listEservices,
  type AccessGrantFilter,
  type AccessGrantListing,
  type AuditRecordBatch,
  type EServiceFilter,
  type EServiceListing,
} from './dashboard/registry.js';
export {
  deleteCatalogueEntry,
  listCatalogue,
  updateCatalogueEntry,
  type CatalogueEnvironment,
  type CatalogueListing,
  type CataloguePatch,
} from './dashboard/catalogue.js';
