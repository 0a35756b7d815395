export type { Database, Queryable, QueryResult } from './database.js';
export { openDatabase } from './open-database.js';
export { openPostgres } from './postgres-database.js';
export { openPglite } from './pglite-database.js';
export { migrate, type Migration } from './migrate.js';
export { migrations } from './migrations/index.js';
export {
  appendAudit,
  listAudit,
  type AuditEntry,
  type NewAuditEntry,
} from './audit-log-repository.js';
