import type { Queryable } from '../database.js';
import {
  conditions,
  containing,
  page,
  parseJson,
  type Page,
  type PageRequest,
} from './query-parts.js';

export type CatalogueEnvironment = 'test' | 'production';

export interface CatalogueListing {
  environment: CatalogueEnvironment;
  identifier: string;
  name: string;
  version: string;
  institutionRegNo: string | null;
  details: Record<string, unknown>;
  /** The P2 case that registered it (production), when one did. */
  caseNumber: string | null;
  updatedAt: Date;
}

interface CatalogueRow {
  environment: CatalogueEnvironment;
  identifier: string;
  name: string;
  version: string;
  institution_reg_no: string | null;
  details: unknown;
  case_number: string | null;
  updated_at: Date | string;
}

const CATALOGUE_COLUMNS = `k.environment, k.identifier, k.name, k.version, k.institution_reg_no,
  k.details, c.number AS case_number, k.updated_at`;
const CATALOGUE_FROM = 'is_catalogue k LEFT JOIN cases c ON c.id = k.case_id';

function toCatalogueListing(r: CatalogueRow): CatalogueListing {
  return {
    environment: r.environment,
    identifier: r.identifier,
    name: r.name,
    version: r.version,
    institutionRegNo: r.institution_reg_no,
    details: parseJson<Record<string, unknown>>(r.details) ?? {},
    caseNumber: r.case_number,
    updatedAt: new Date(r.updated_at),
  };
}

/** One IS catalogue, by identifier. `q`: substring of the identifier, name or registration number. */
export async function listCatalogue(
  db: Queryable,
  environment: CatalogueEnvironment,
  filter: { q?: string | undefined } & PageRequest = {},
): Promise<Page<CatalogueListing>> {
  const where = conditions();
  where.add((p) => `k.environment = ${p}`, environment);
  const q = containing(filter.q);
  if (q)
    where.add(
      (p) =>
        `(${['k.identifier', 'k.name', 'k.institution_reg_no']
          .map((column) => `${column} ILIKE ${p} ESCAPE '\\'`)
          .join(' OR ')})`,
      q,
    );
  return page<CatalogueRow, CatalogueListing>(db, filter, {
    select: CATALOGUE_COLUMNS,
    from: CATALOGUE_FROM,
    where,
    orderBy: 'k.identifier',
    map: toCatalogueListing,
  });
}

async function lockedCatalogueEntry(
  db: Queryable,
  environment: CatalogueEnvironment,
  identifier: string,
): Promise<CatalogueListing | undefined> {
  const row = (
    await db.query<CatalogueRow>(
      `SELECT ${CATALOGUE_COLUMNS} FROM ${CATALOGUE_FROM}
       WHERE k.environment = $1 AND k.identifier = $2 FOR UPDATE OF k`,
      [environment, identifier],
    )
  ).rows[0];
  return row && toCatalogueListing(row);
}

export interface CataloguePatch {
  name?: string | undefined;
  version?: string | undefined;
  /** null clears it. */
  institutionRegNo?: string | null | undefined;
}

/**
 * A staff edit of one catalogue entry; undefined when there is no such entry. Run it in the
 * transaction that writes the audit log with the before and after it returns. Values are stored
 * as given: the caller validates them.
 */
export async function updateCatalogueEntry(
  db: Queryable,
  environment: CatalogueEnvironment,
  identifier: string,
  patch: CataloguePatch,
): Promise<{ before: CatalogueListing; after: CatalogueListing } | undefined> {
  const before = await lockedCatalogueEntry(db, environment, identifier);
  if (!before) return undefined;
  await db.query(
    `UPDATE is_catalogue SET name = COALESCE($3, name), version = COALESCE($4, version),
       institution_reg_no = CASE WHEN $5::boolean THEN $6 ELSE institution_reg_no END,
       updated_at = now()
     WHERE environment = $1 AND identifier = $2`,
    [
      environment,
      identifier,
      patch.name ?? null,
      patch.version ?? null,
      patch.institutionRegNo !== undefined,
      patch.institutionRegNo ?? null,
    ],
  );
  const after = await lockedCatalogueEntry(db, environment, identifier);
  if (!after) throw new Error(`catalogue entry ${environment}/${identifier} vanished`);
  return { before, after };
}

/** Deletes one catalogue entry; its last state for the audit log, or undefined when absent. */
export async function deleteCatalogueEntry(
  db: Queryable,
  environment: CatalogueEnvironment,
  identifier: string,
): Promise<{ before: CatalogueListing } | undefined> {
  const before = await lockedCatalogueEntry(db, environment, identifier);
  if (!before) return undefined;
  await db.query('DELETE FROM is_catalogue WHERE environment = $1 AND identifier = $2', [
    environment,
    identifier,
  ]);
  return { before };
}
