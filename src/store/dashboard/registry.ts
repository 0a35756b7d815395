import type { Queryable } from '../database.js';
import {
  conditions,
  containing,
  MAX_PAGE_SIZE,
  page,
  type Page,
  type PageRequest,
} from './query-parts.js';

export interface EServiceListing {
  identifier: string;
  nameLv: string;
  nameEn: string | null;
  institutionRegNo: string;
  institutionName: string;
  contactPerson: string;
  /** The P1 case that registered it. */
  caseNumber: string;
  registeredAt: Date;
  grantCount: number;
  apiPublicationCount: number;
}

export interface EServiceRow {
  identifier: string;
  name_lv: string;
  name_en: string | null;
  institution_reg_no: string;
  institution_name: string;
  contact_person: string;
  case_number: string;
  registered_at: Date | string;
  grant_count: number;
  publication_count: number;
}

export const ESERVICE_COLUMNS = `e.identifier, e.name_lv, e.name_en, e.institution_reg_no, e.institution_name,
  e.contact_person, c.number AS case_number, e.registered_at,
  (SELECT count(*) FROM access_grants g WHERE g.eservice_identifier = e.identifier)::int AS grant_count,
  (SELECT count(*) FROM api_publications a WHERE a.eservice_identifier = e.identifier)::int AS publication_count`;

export function toEServiceListing(r: EServiceRow): EServiceListing {
  return {
    identifier: r.identifier,
    nameLv: r.name_lv,
    nameEn: r.name_en,
    institutionRegNo: r.institution_reg_no,
    institutionName: r.institution_name,
    contactPerson: r.contact_person,
    caseNumber: r.case_number,
    registeredAt: new Date(r.registered_at),
    grantCount: r.grant_count,
    apiPublicationCount: r.publication_count,
  };
}

export interface EServiceFilter extends PageRequest {
  /** Substring of the identifier, either name, the institution's name or registration number. */
  q?: string | undefined;
}

/** Registered e-services, the newest first. */
export async function listEservices(
  db: Queryable,
  filter: EServiceFilter = {},
): Promise<Page<EServiceListing>> {
  const where = conditions();
  const q = containing(filter.q);
  if (q)
    where.add(
      (p) =>
        `(${['e.identifier', 'e.name_lv', 'e.name_en', 'e.institution_name', 'e.institution_reg_no']
          .map((column) => `${column} ILIKE ${p} ESCAPE '\\'`)
          .join(' OR ')})`,
      q,
    );
  return page<EServiceRow, EServiceListing>(db, filter, {
    select: ESERVICE_COLUMNS,
    from: 'eservices e JOIN cases c ON c.id = e.case_id',
    where,
    orderBy: 'e.registered_at DESC, e.identifier DESC',
    map: toEServiceListing,
  });
}

export interface AccessGrantFilter extends PageRequest {
  /** An e-service identifier, exactly. */
  eservice?: string | undefined;
  environment?: 'test' | 'production' | undefined;
  /** Substring of the person's name, surname, e-mail or organisation. */
  q?: string | undefined;
}

export interface AccessGrantListing {
  id: string;
  eserviceIdentifier: string;
  eserviceName: string;
  caseNumber: string;
  name: string;
  surname: string;
  email: string;
  organisation: string;
  role: 'developer' | 'tester';
  environment: 'test' | 'production';
  /** YYYY-MM-DD. */
  validUntil: string;
  provisionedBy: string;
  grantedAt: Date;
}

/** Access grants by e-service, then person. */
export async function listAccessGrants(
  db: Queryable,
  filter: AccessGrantFilter = {},
): Promise<Page<AccessGrantListing>> {
  const where = conditions();
  if (filter.eservice) where.add((p) => `g.eservice_identifier = ${p}`, filter.eservice);
  if (filter.environment) where.add((p) => `g.environment = ${p}`, filter.environment);
  const q = containing(filter.q);
  if (q)
    where.add(
      (p) =>
        `(${["g.name || ' ' || g.surname", 'g.email', 'g.organisation']
          .map((column) => `${column} ILIKE ${p} ESCAPE '\\'`)
          .join(' OR ')})`,
      q,
    );
  return page<
    {
      id: string;
      eservice_identifier: string;
      name_lv: string;
      number: string;
      name: string;
      surname: string;
      email: string;
      organisation: string;
      role: 'developer' | 'tester';
      environment: 'test' | 'production';
      valid_until: string;
      provisioned_by: string;
      granted_at: Date | string;
    },
    AccessGrantListing
  >(db, filter, {
    select: `g.id::text AS id, g.eservice_identifier, e.name_lv, c.number, g.name, g.surname,
             g.email, g.organisation, g.role, g.environment,
             to_char(g.valid_until, 'YYYY-MM-DD') AS valid_until, g.provisioned_by, g.granted_at`,
    from: `access_grants g JOIN eservices e ON e.identifier = g.eservice_identifier
           JOIN cases c ON c.id = g.case_id`,
    where,
    orderBy: 'g.eservice_identifier, g.surname, g.name, g.role, g.environment, g.id',
    map: (r) => ({
      id: r.id,
      eserviceIdentifier: r.eservice_identifier,
      eserviceName: r.name_lv,
      caseNumber: r.number,
      name: r.name,
      surname: r.surname,
      email: r.email,
      organisation: r.organisation,
      role: r.role,
      environment: r.environment,
      validUntil: r.valid_until,
      provisionedBy: r.provisioned_by,
      grantedAt: new Date(r.granted_at),
    }),
  });
}

export interface AuditRecordBatch {
  batch: string;
  records: number;
  ok: number;
  /** The earliest and latest record in the batch. */
  firstAt: Date;
  lastAt: Date;
  importedAt: Date;
  /** The web services the batch has records of, sorted. */
  services: string[];
}

/** Imported audit-record batches, the latest import first (at most `MAX_PAGE_SIZE`). */
export async function listAuditRecordBatches(db: Queryable): Promise<AuditRecordBatch[]> {
  const rows = await db.query<{
    batch: string;
    records: number;
    ok: number;
    first_at: Date | string;
    last_at: Date | string;
    imported_at: Date | string;
    services: string[];
  }>(
    `SELECT batch, count(*)::int AS records, count(*) FILTER (WHERE ok)::int AS ok,
            min(at) AS first_at, max(at) AS last_at, max(imported_at) AS imported_at,
            array_agg(DISTINCT service_identifier ORDER BY service_identifier) AS services
     FROM audit_records GROUP BY batch ORDER BY max(imported_at) DESC, batch LIMIT $1`,
    [MAX_PAGE_SIZE],
  );
  return rows.rows.map((r) => ({
    batch: r.batch,
    records: r.records,
    ok: r.ok,
    firstAt: new Date(r.first_at),
    lastAt: new Date(r.last_at),
    importedAt: new Date(r.imported_at),
    services: r.services,
  }));
}
