import {
  registryProvisioning,
  type ProcedureContext,
  type ProcedureSettings,
} from '../src/cases/index.js';
import type { Config } from '../src/config/index.js';
import { auditRecordsOf, sqlCaseStore, type Queryable } from '../src/store/index.js';

export function procedureSettings(config: Readonly<Config>): ProcedureSettings {
  return {
    agencyName: config.agency.name,
    identifierFormat: config.procedures.identifierFormat,
    roster: config.procedures.roster,
    reminderAfterHours: config.procedures.reminderAfterHours,
    audit: config.procedures.audit,
  };
}

/** The domain answers' Message-IDs are in: the agency's sending address's. */
export function messageIdDomain(config: Readonly<Config>): string {
  return config.smtp.from.split('@')[1] ?? 'localhost';
}

/** Everything a procedure step needs, bound to one transaction. */
export function procedureContext(
  config: Readonly<Config>,
  tx: Queryable,
  now: Date,
): ProcedureContext {
  const store = sqlCaseStore(tx, { messageIdDomain: messageIdDomain(config) });
  return {
    store,
    settings: procedureSettings(config),
    provisioning: registryProvisioning(store),
    auditRecords: { recordsOf: (service) => auditRecordsOf(tx, service) },
    now,
  };
}
