import { randomBytes } from 'node:crypto';
import { CLOSED_STATES } from '../cases/case-types.js';
import type {
  AcceptanceActRecord,
  AccessGrant,
  Actor,
  Answer,
  ApiPublication,
  AuditRecord,
  CaseEvent,
  CasePatch,
  CaseRecord,
  CaseState,
  CaseStore,
  CatalogueEntry,
  EServiceRecord,
  NewCase,
  Procedure,
} from '../cases/index.js';
import type { Queryable } from './database.js';

interface CaseRow {
  id: string;
  number: string;
  procedure: Procedure;
  state: CaseState;
  institution_reg_no: string | null;
  institution_name: string | null;
  title: string | null;
  contact_person: string | null;
  language: 'lv' | 'en';
  reply_to: string | null;
  data: Record<string, unknown> | string;
}

const CASE_COLUMNS =
  'c.id::text AS id, c.number, c.procedure, c.state, c.institution_reg_no, c.institution_name, c.title, c.contact_person, c.language, c.reply_to, c.data';

function toCase(row: CaseRow): CaseRecord {
  return {
    id: row.id,
    number: row.number,
    procedure: row.procedure,
    state: row.state,
    institutionRegNo: row.institution_reg_no,
    institutionName: row.institution_name,
    title: row.title,
    contactPerson: row.contact_person,
    language: row.language,
    replyTo: row.reply_to,
    data:
      typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data,
  };
}

export interface CaseStoreOptions {
  /** The domain of outgoing Message-IDs (the agency's mail domain). */
  messageIdDomain: string;
}

/**
 * The procedures' CaseStore on SQL. Give it the transaction a step runs in: every write here
 * then commits or rolls back with the step. Cases are read FOR UPDATE, so two mails for the same
 * case (the two access forms arriving together) are handled one after the other, never both
 * against the same old state.
 */
export function sqlCaseStore(db: Queryable, options: CaseStoreOptions): CaseStore {
  const one = async <Row>(sql: string, params: unknown[]): Promise<Row | undefined> =>
    (await db.query<Row>(sql, params)).rows[0];
  const loadCase = async (id: string): Promise<CaseRecord | undefined> => {
    const row = await one<CaseRow>(
      `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 FOR UPDATE`,
      [id],
    );
    return row && toCase(row);
  };
  const addEvent = async (
    caseId: string,
    event: CaseEvent,
    from: CaseState | null,
    to: CaseState | null,
  ): Promise<void> => {
    await db.query(
      `INSERT INTO case_events (case_id, actor, kind, from_state, to_state, message_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        caseId,
        event.actor,
        event.kind,
        from,
        to,
        event.messageId ?? null,
        JSON.stringify(event.detail ?? {}),
      ],
    );
  };
  // Only from the state the caller read: a record read earlier (or without a lock) must not
  // write its old state and data back over a step that committed meanwhile. A plain Error, so
  // the job is retried and runs again on the case as it is now.
  const update = async (
    current: CaseRecord,
    to: CaseState,
    patch: CasePatch | undefined,
  ): Promise<CaseRecord> => {
    const row = await one<CaseRow>(
      `UPDATE cases c SET state = $2, data = COALESCE($3::jsonb, c.data),
         contact_person = COALESCE($4, c.contact_person),
         reply_to = CASE WHEN $5::boolean THEN $6 ELSE c.reply_to END,
         language = COALESCE($7, c.language),
         updated_at = now(),
         closed_at = CASE WHEN $8::boolean THEN COALESCE(c.closed_at, now()) ELSE NULL END
       WHERE c.id = $1 AND c.state = $9 RETURNING ${CASE_COLUMNS}`,
      [
        current.id,
        to,
        patch?.data === undefined ? null : JSON.stringify(patch.data),
        patch?.contactPerson ?? null,
        patch !== undefined && 'replyTo' in patch,
        patch?.replyTo ?? null,
        patch?.language ?? null,
        isClosed(to),
        current.state,
      ],
    );
    if (!row)
      throw new Error(
        `case ${current.number} is no longer ${current.state}: another step changed it meanwhile`,
      );
    return toCase(row);
  };
  const isClosed = (state: CaseState): boolean => CLOSED_STATES.has(state);

  return {
    async caseOfMessage(messageId) {
      // A statement of its own: under READ COMMITTED the query below then sees what a run that
      // held the lock committed.
      await db.query('SELECT 1 FROM messages WHERE id = $1 FOR UPDATE', [messageId]);
      const row = await one<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM case_messages m JOIN cases c ON c.id = m.case_id WHERE m.message_id = $1`,
        [messageId],
      );
      return row && toCase(row);
    },
    async openCase(fields: NewCase, event) {
      const row = await one<CaseRow>(
        `INSERT INTO cases (number, procedure, state, institution_reg_no, institution_name, title, contact_person, language, reply_to, data, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $11::boolean THEN now() END)
         RETURNING id::text AS id, number, procedure, state, institution_reg_no, institution_name, title, contact_person, language, reply_to, data`,
        [
          fields.number,
          fields.procedure,
          fields.state,
          fields.institutionRegNo ?? null,
          fields.institutionName ?? null,
          fields.title ?? null,
          fields.contactPerson ?? null,
          fields.language,
          fields.replyTo ?? null,
          JSON.stringify(fields.data ?? {}),
          isClosed(fields.state),
        ],
      );
      if (!row) throw new Error('INSERT INTO cases returned nothing');
      await addEvent(row.id, event, null, fields.state);
      return toCase(row);
    },
    loadCase,
    async caseByNumber(number) {
      const row = await one<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.number = $1 FOR UPDATE`,
        [number],
      );
      return row && toCase(row);
    },
    async findOpenCases(procedure, key, value) {
      const rows = await db.query<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM cases c
         WHERE c.procedure = $1 AND c.closed_at IS NULL AND c.data ->> $2 = $3 ORDER BY c.id FOR UPDATE`,
        [procedure, key, value],
      );
      return rows.rows.map(toCase);
    },
    async casesOfThread(messageIds) {
      // The ledger keeps Message-IDs as mailparser gives them (`<id@host>`), the outbox without
      // the brackets; a header may carry either.
      const bare = [...new Set(messageIds.map((id) => id.trim().replace(/^<|>$/g, '')))].filter(
        (id) => id !== '',
      );
      if (bare.length === 0) return [];
      const rows = await db.query<CaseRow & { by_outbox: boolean }>(
        `SELECT ${CASE_COLUMNS}, t.by_outbox FROM cases c JOIN (
           SELECT case_id, bool_or(by_outbox) AS by_outbox FROM (
             SELECT o.case_id, true AS by_outbox FROM outbox o
              WHERE o.outgoing_message_id = ANY($1::text[])
             UNION ALL
             SELECT cm.case_id, false FROM messages m JOIN case_messages cm ON cm.message_id = m.id
              WHERE m.message_id = ANY($2::text[])) s
           GROUP BY case_id) t ON t.case_id = c.id
         ORDER BY t.by_outbox DESC, c.id DESC FOR UPDATE OF c`,
        [bare, [...bare.map((id) => `<${id}>`), ...bare]],
      );
      return rows.rows.map(toCase);
    },
    async caseCorrespondents(caseId) {
      const rows = await db.query<{ address: string }>(
        `SELECT DISTINCT lower(btrim(a)) AS address FROM (
           SELECT c.reply_to AS a FROM cases c WHERE c.id = $1
           UNION ALL SELECT c.data ->> 'contactEmail' FROM cases c WHERE c.id = $1
           UNION ALL SELECT o.recipient FROM outbox o WHERE o.case_id = $1 AND o.kind <> 'refusal'
           UNION ALL SELECT e.details -> 'responsible' ->> 'email' FROM eservices e WHERE e.case_id = $1
           UNION ALL SELECT e.details -> 'technical' ->> 'email' FROM eservices e WHERE e.case_id = $1) s
         WHERE a IS NOT NULL AND btrim(a) <> '' ORDER BY 1`,
        [caseId],
      );
      return rows.rows.map((r) => r.address);
    },
    async transition(current, to, event, patch) {
      const next = await update(current, to, patch);
      await addEvent(current.id, event, current.state, to);
      return next;
    },
    async note(current, event, patch) {
      const next = patch ? await update(current, current.state, patch) : current;
      await addEvent(current.id, event, null, null);
      return next;
    },
    async linkMessage(caseId, messageId) {
      // DO UPDATE (to itself) so that the row, new or not, comes back to be compared.
      const row = await one<{ case_id: string }>(
        `INSERT INTO case_messages (message_id, case_id) VALUES ($1, $2)
         ON CONFLICT (message_id) DO UPDATE SET case_id = case_messages.case_id
         RETURNING case_id::text AS case_id`,
        [messageId, caseId],
      );
      if (row?.case_id !== caseId)
        throw new Error(
          `message ${messageId} already belongs to case ${row?.case_id ?? '?'}, not ${caseId}`,
        );
    },
    async nextInCounter(counter) {
      const row = await one<{ value: string }>(
        `INSERT INTO counters (name, value) VALUES ($1, 1)
         ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value::text AS value`,
        [counter],
      );
      return Number(row?.value);
    },
    async openCaseCounts(people) {
      const rows = await db.query<{ contact_person: string; n: string }>(
        `SELECT contact_person, count(*)::text AS n FROM cases
         WHERE closed_at IS NULL AND contact_person = ANY($1::text[]) GROUP BY contact_person`,
        [people],
      );
      return new Map(rows.rows.map((r) => [r.contact_person, Number(r.n)]));
    },
    async activeRoster() {
      const rows = await db.query<{ name: string; email: string }>(
        'SELECT name, email FROM roster WHERE active ORDER BY name, email',
      );
      return rows.rows;
    },
    async registerEService(e: EServiceRecord) {
      await db.query(
        `INSERT INTO eservices (identifier, case_id, institution_reg_no, institution_name, name_lv, name_en, contact_person, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          e.identifier,
          e.caseId,
          e.institutionRegNo,
          e.institutionName,
          e.nameLv,
          e.nameEn,
          e.contactPerson,
          JSON.stringify(e.details),
        ],
      );
    },
    async findEService(identifier) {
      const row = await one<{
        identifier: string;
        case_id: string;
        institution_reg_no: string;
        institution_name: string;
        name_lv: string;
        name_en: string | null;
        contact_person: string;
        details: Record<string, unknown>;
      }>(
        `SELECT identifier, case_id::text AS case_id, institution_reg_no, institution_name, name_lv, name_en, contact_person, details
         FROM eservices WHERE identifier = $1`,
        [identifier],
      );
      return (
        row && {
          identifier: row.identifier,
          caseId: row.case_id,
          institutionRegNo: row.institution_reg_no,
          institutionName: row.institution_name,
          nameLv: row.name_lv,
          nameEn: row.name_en,
          contactPerson: row.contact_person,
          details: row.details,
        }
      );
    },
    async eserviceFromDocument(sha256) {
      const row = await one<{ identifier: string; number: string }>(
        `SELECT e.identifier, c.number FROM eservices e
         JOIN cases c ON c.id = e.case_id
         JOIN documents d ON d.id = (c.data ->> 'registrationDocumentId')::bigint
         WHERE d.sha256 = $1 ORDER BY e.registered_at LIMIT 1`,
        [sha256],
      );
      return row && { identifier: row.identifier, caseNumber: row.number };
    },
    async recordGrants(grants: readonly AccessGrant[]) {
      for (const g of grants)
        await db.query(
          `INSERT INTO access_grants (eservice_identifier, case_id, message_id, name, surname, email, organisation, role, environment, valid_until, provisioned_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (eservice_identifier, email, role, environment) DO UPDATE
             SET valid_until = EXCLUDED.valid_until, name = EXCLUDED.name, surname = EXCLUDED.surname,
                 organisation = EXCLUDED.organisation, case_id = EXCLUDED.case_id,
                 message_id = EXCLUDED.message_id, granted_at = now()`,
          [
            g.eserviceIdentifier,
            g.caseId,
            g.messageId,
            g.name,
            g.surname,
            g.email,
            g.organisation,
            g.role,
            g.environment,
            g.validUntil,
            g.provisionedBy,
          ],
        );
    },
    async recordApiPublication(p: ApiPublication) {
      await db.query(
        `INSERT INTO api_publications (eservice_identifier, case_id, api_name, api_version, environment, details)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (eservice_identifier, api_name, api_version, environment) DO UPDATE
           SET details = EXCLUDED.details, case_id = EXCLUDED.case_id, published_at = now()`,
        [
          p.eserviceIdentifier,
          p.caseId,
          p.apiName,
          p.apiVersion,
          p.environment,
          JSON.stringify(p.details),
        ],
      );
    },
    async catalogueEntry(environment, identifier) {
      const row = await one<{
        identifier: string;
        name: string;
        version: string;
        institution_reg_no: string | null;
        details: Record<string, unknown>;
      }>(
        'SELECT identifier, name, version, institution_reg_no, details FROM is_catalogue WHERE environment = $1 AND identifier = $2',
        [environment, identifier],
      );
      return (
        row && {
          identifier: row.identifier,
          name: row.name,
          version: row.version,
          institutionRegNo: row.institution_reg_no,
          details: row.details,
        }
      );
    },
    async registerInCatalogue(environment, entry: CatalogueEntry, caseId) {
      await upsertCatalogueEntry(db, environment, entry, caseId);
    },
    async actOfCase(caseId) {
      return actRow(
        await one<ActRow>(
          'SELECT case_id::text AS case_id, number, sha256, size::text AS size FROM acceptance_acts WHERE case_id = $1',
          [caseId],
        ),
      );
    },
    async actByNumber(number) {
      return actRow(
        await one<ActRow>(
          'SELECT case_id::text AS case_id, number, sha256, size::text AS size FROM acceptance_acts WHERE number = $1',
          [number],
        ),
      );
    },
    async recordAct(record: AcceptanceActRecord) {
      const result = await db.query(
        `INSERT INTO acceptance_acts (case_id, number, sha256, size) VALUES ($1, $2, $3, $4)
         ON CONFLICT (case_id) DO NOTHING`,
        [record.caseId, record.number, record.sha256, record.size],
      );
      return result.rowCount === 1;
    },
    async markActSigned(caseId, documentId) {
      await db.query('UPDATE acceptance_acts SET signed_document_id = $2 WHERE case_id = $1', [
        caseId,
        documentId,
      ]);
    },
    async openInstallationTask(caseId) {
      await db.query(
        'INSERT INTO installation_tasks (case_id) VALUES ($1) ON CONFLICT (case_id) DO NOTHING',
        [caseId],
      );
    },
    async completeInstallationTask(caseId, actor: Actor) {
      const result = await db.query(
        `UPDATE installation_tasks SET state = 'done', done_at = now(), done_by = $2
         WHERE case_id = $1 AND state = 'open'`,
        [caseId, actor],
      );
      return result.rowCount === 1;
    },
    async queueAnswer(caseId, answer: Answer) {
      await db.query(
        `INSERT INTO outbox (case_id, trigger_message_id, dedupe_key, kind, language, recipient, data, attachments, outgoing_message_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING`,
        [
          caseId,
          answer.triggerMessageId ?? null,
          answer.dedupeKey,
          answer.kind,
          answer.language,
          answer.recipient,
          JSON.stringify(answer.data),
          JSON.stringify(answer.attachments ?? []),
          outgoingMessageId(options.messageIdDomain),
        ],
      );
    },
    async casesToRemind(state, before) {
      const rows = await db.query<CaseRow>(
        `SELECT ${CASE_COLUMNS} FROM cases c
         WHERE c.state = $1 AND c.updated_at < $2 AND c.closed_at IS NULL
           AND (c.data ->> 'remindedAt') IS NULL ORDER BY c.id FOR UPDATE SKIP LOCKED`,
        [state, before],
      );
      return rows.rows.map(toCase);
    },
  };
}

interface ActRow {
  case_id: string;
  number: string;
  sha256: string;
  size: string;
}

function actRow(row: ActRow | undefined): AcceptanceActRecord | undefined {
  return (
    row && { caseId: row.case_id, number: row.number, sha256: row.sha256, size: Number(row.size) }
  );
}

/** Random bits in an outgoing Message-ID: unique without coordination, and not guessable. */
const MESSAGE_ID_RANDOM_BYTES = 16;

/**
 * The Message-ID an answer will carry, fixed when the answer is queued (a retry that finds the
 * dedupe key keeps the first): a reply to it can be threaded to its case before it is even sent,
 * and the sender can tell whether it already went. Random rather than derived from the dedupe
 * key: a derived id repeats across installations sharing a mail domain (staging, production)
 * and lets anyone compute the id of another case's answer.
 */
export function outgoingMessageId(domain: string): string {
  return `intake.${randomBytes(MESSAGE_ID_RANDOM_BYTES).toString('hex')}@${domain}`;
}

export async function upsertCatalogueEntry(
  db: Queryable,
  environment: 'test' | 'production',
  entry: CatalogueEntry,
  caseId: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO is_catalogue (environment, identifier, name, version, institution_reg_no, details, case_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (environment, identifier) DO UPDATE
       SET name = EXCLUDED.name, version = EXCLUDED.version,
           institution_reg_no = EXCLUDED.institution_reg_no, details = EXCLUDED.details,
           case_id = COALESCE(EXCLUDED.case_id, is_catalogue.case_id), updated_at = now()`,
    [
      environment,
      entry.identifier,
      entry.name,
      entry.version,
      entry.institutionRegNo,
      JSON.stringify(entry.details),
      caseId,
    ],
  );
}

export async function auditRecordsOf(db: Queryable, service: string): Promise<AuditRecord[]> {
  const rows = await db.query<{
    at: Date | string;
    consumer: string;
    operation: string;
    ok: boolean;
  }>(
    'SELECT at, consumer, operation, ok FROM audit_records WHERE service_identifier = $1 ORDER BY at',
    [service],
  );
  return rows.rows.map((r) => ({ ...r, at: new Date(r.at) }));
}

export interface CaseEventRow {
  at: Date;
  actor: string;
  kind: string;
  toState: string | null;
}

/** A case's history, oldest first. */
export async function caseEvents(db: Queryable, caseId: string): Promise<CaseEventRow[]> {
  const rows = await db.query<{
    at: Date | string;
    actor: string;
    kind: string;
    to_state: string | null;
  }>('SELECT at, actor, kind, to_state FROM case_events WHERE case_id = $1 ORDER BY id', [caseId]);
  return rows.rows.map((r) => ({
    at: new Date(r.at),
    actor: r.actor,
    kind: r.kind,
    toState: r.to_state,
  }));
}
