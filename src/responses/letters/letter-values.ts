import {
  flagAt,
  recordAt,
  recordListAt,
  textAt,
  textListAt,
  type CappedList,
  type DataRecord,
} from './letter-data.js';
import { MAX_TABLE_CELL_CHARS } from './letter-limits.js';

/**
 * What the letters print, read once from an answer's `data` (see `queueAnswer` calls in
 * src/cases and pipelines/issue-acceptance-act.ts for what each kind carries): every value
 * cleaned and capped, every list capped. Each kind's letter uses the part it needs.
 */

export interface GrantRow {
  name: string | null;
  email: string | null;
  organisation: string | null;
  /** `developer` or `tester` as the form has it; the wording names it. */
  role: string | null;
  /** `test` or `production`. */
  environment: string | null;
  /** YYYY-MM-DD. */
  validUntil: string | null;
}

export interface LetterValues {
  /** The case the letter belongs to (from the letter's context, not from `data`). */
  caseNumber: string;
  identifier: string | null;
  eserviceName: string | null;
  contactPerson: { name: string | null; email: string | null } | null;
  grants: CappedList<GrantRow>;
  api: { name: string | null; version: string | null; environment: string | null } | null;
  reasons: CappedList<string>;
  files: CappedList<string>;
  /** Form type ids (`access-rights`, `api-manager`); the wording names them. */
  missing: CappedList<string>;
  contactName: string | null;
  webService: string | null;
  problems: CappedList<string>;
  actNumber: string | null;
  installationPending: boolean | null;
  /** The subject of the mail that opened a support ticket. */
  subject: string | null;
}

function grantRow(grant: DataRecord): GrantRow {
  const cell = (key: string): string | null => textAt(grant, key, MAX_TABLE_CELL_CHARS);
  return {
    name: cell('name'),
    email: cell('email'),
    organisation: cell('organisation'),
    role: cell('role'),
    environment: cell('environment'),
    validUntil: cell('validUntil'),
  };
}

export function readLetterValues(data: DataRecord, caseNumber: string): LetterValues {
  const contact = recordAt(data, 'contactPerson');
  const api = recordAt(data, 'api');
  const grants = recordListAt(data, 'grants');
  return {
    caseNumber,
    identifier: textAt(data, 'identifier'),
    eserviceName: textAt(data, 'eserviceName'),
    contactPerson:
      contact === null ? null : { name: textAt(contact, 'name'), email: textAt(contact, 'email') },
    grants: { items: grants.items.map(grantRow), more: grants.more },
    api:
      api === null
        ? null
        : {
            name: textAt(api, 'name'),
            version: textAt(api, 'version'),
            environment: textAt(api, 'environment'),
          },
    reasons: textListAt(data, 'reasons'),
    files: textListAt(data, 'files'),
    missing: textListAt(data, 'missing'),
    contactName: textAt(data, 'contactName'),
    webService: textAt(data, 'webService'),
    problems: textListAt(data, 'problems'),
    actNumber: textAt(data, 'actNumber'),
    installationPending: flagAt(data, 'installationPending'),
    subject: textAt(data, 'subject'),
  };
}
