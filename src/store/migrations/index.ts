import type { Migration } from '../migrate.js';
import { migration001 } from './001-audit-log.js';
import { migration002 } from './002-mail-ledger.js';
import { migration003 } from './003-cases.js';
import { migration004 } from './004-outbox-delivery.js';
import { migration005 } from './005-staff-accounts.js';
import { migration006 } from './006-retention.js';

/** In order of id. Shipped migrations are never edited: a change is a new migration. */
export const migrations: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
];
