import type {
  Actor,
  Answer,
  CaseEvent,
  CaseRecord,
  CaseState,
  Language,
  Procedure,
} from './case-types.js';

/**
 * What the procedures need from the system of record. The pipeline runs each step with an
 * implementation bound to one database transaction, so a step's records, its events, the answer
 * it queues and the message's link to its case land together or not at all.
 */
export interface NewCase {
  procedure: Procedure;
  state: CaseState;
  /** From `nextCaseNumber`. */
  number: string;
  institutionRegNo?: string | null;
  institutionName?: string | null;
  title?: string | null;
  contactPerson?: string | null;
  language: Language;
  replyTo?: string | null;
  data?: Record<string, unknown>;
}

export interface CasePatch {
  data?: Record<string, unknown>;
  contactPerson?: string;
  replyTo?: string | null;
  language?: Language;
}

export interface EServiceRecord {
  identifier: string;
  caseId: string;
  institutionRegNo: string;
  institutionName: string;
  nameLv: string;
  nameEn: string | null;
  contactPerson: string;
  details: Record<string, unknown>;
}

export interface AccessGrant {
  eserviceIdentifier: string;
  caseId: string;
  messageId: string;
  name: string;
  surname: string;
  email: string;
  organisation: string;
  role: 'developer' | 'tester';
  environment: 'test' | 'production';
  validUntil: string;
  provisionedBy: string;
}

export interface ApiPublication {
  eserviceIdentifier: string;
  caseId: string;
  apiName: string;
  apiVersion: string;
  environment: string;
  details: Record<string, unknown>;
}

export interface CatalogueEntry {
  identifier: string;
  name: string;
  version: string;
  institutionRegNo: string | null;
  details: Record<string, unknown>;
}

export interface AuditRecord {
  at: Date;
  consumer: string;
  operation: string;
  ok: boolean;
}

export interface AcceptanceActRecord {
  caseId: string;
  number: string;
  sha256: string;
  size: number;
}

export interface CaseStore {
  /**
   * The case a message already joined, if any. Locks the message for the rest of the transaction
   * first, so two runs of one message (a retried job while the first still runs, a stalled job
   * picked up twice) are serialised and the second finds the first's link.
   */
  caseOfMessage(messageId: string): Promise<CaseRecord | undefined>;
  openCase(fields: NewCase, event: CaseEvent): Promise<CaseRecord>;
  loadCase(id: string): Promise<CaseRecord | undefined>;
  caseByNumber(number: string): Promise<CaseRecord | undefined>;
  /** Open cases of a procedure whose `data[key]` equals `value`, oldest first. */
  findOpenCases(procedure: Procedure, key: string, value: string): Promise<CaseRecord[]>;
  /**
   * The cases a mail may reply to, by its In-Reply-To/References: cases whose answers carried one
   * of those Message-IDs first (the agency made them), then cases an incoming mail with one of
   * them joined; newest first within each.
   */
  casesOfThread(messageIds: readonly string[]): Promise<CaseRecord[]>;
  /**
   * Lower-case addresses that may correspond on a case: the address that opened it, the contact
   * people named in its forms (for an e-service, the registration's responsible person and
   * technical contact), and everyone the agency wrote to about it, except refusals (a
   * refusal goes to whoever sent the refused mail, who need not belong to the case).
   */
  caseCorrespondents(caseId: string): Promise<string[]>;
  /**
   * Moves a case from `current.state` to `to`. Throws, changing nothing, when the case is no
   * longer in `current.state` (a stale record must never write an old state back).
   */
  transition(
    current: CaseRecord,
    to: CaseState,
    event: CaseEvent,
    patch?: CasePatch,
  ): Promise<CaseRecord>;
  /** Records an event, and a patch when given, without changing the state; same staleness check. */
  note(current: CaseRecord, event: CaseEvent, patch?: CasePatch): Promise<CaseRecord>;
  /** Joins a message to a case; throws when the message already belongs to another case. */
  linkMessage(caseId: string, messageId: string): Promise<void>;
  nextInCounter(counter: string): Promise<number>;
  openCaseCounts(contactPeople: readonly string[]): Promise<Map<string, number>>;
  /** The roster staff keep on the dashboard (active entries, in order); none: the configured. */
  activeRoster?(): Promise<RosterEntry[]>;

  registerEService(record: EServiceRecord): Promise<void>;
  findEService(identifier: string): Promise<EServiceRecord | undefined>;
  /** The e-service an identical registration document (same SHA-256) already registered. */
  eserviceFromDocument(
    sha256: string,
  ): Promise<{ identifier: string; caseNumber: string } | undefined>;
  recordGrants(grants: readonly AccessGrant[]): Promise<void>;
  recordApiPublication(publication: ApiPublication): Promise<void>;

  catalogueEntry(
    environment: 'test' | 'production',
    identifier: string,
  ): Promise<CatalogueEntry | undefined>;
  registerInCatalogue(
    environment: 'test' | 'production',
    entry: CatalogueEntry,
    caseId: string,
  ): Promise<void>;

  actOfCase(caseId: string): Promise<AcceptanceActRecord | undefined>;
  actByNumber(number: string): Promise<AcceptanceActRecord | undefined>;
  /** Records an issued act once; false when the case already has one. */
  recordAct(record: AcceptanceActRecord): Promise<boolean>;
  markActSigned(caseId: string, documentId: string): Promise<void>;
  openInstallationTask(caseId: string): Promise<void>;
  completeInstallationTask(caseId: string, actor: Actor): Promise<boolean>;

  queueAnswer(caseId: string, answer: Answer): Promise<void>;
  /**
   * Cases waiting in `state` whose last change is older than `before` and not yet reminded,
   * locked for the transaction (a case another step holds is left for the next sweep).
   */
  casesToRemind(state: CaseState, before: Date): Promise<CaseRecord[]>;
}

/**
 * Granting access in the agency's systems. The default records the grant (the registry is the
 * source of truth staff act on); an IAM connector implements the same port.
 */
export interface AccessProvisioning {
  readonly name: string;
  provision(grants: readonly AccessGrant[]): Promise<void>;
}

/** Where audit records of a web service come from (default: records imported into the database). */
export interface AuditRecordSource {
  recordsOf(serviceIdentifier: string): Promise<AuditRecord[]>;
}

export interface RosterEntry {
  name: string;
  email: string;
}

export interface AuditThresholds {
  minCalls: number;
  maxErrorRate: number;
  minConsumers: number;
  minPeriodDays: number;
}

export interface ProcedureSettings {
  agencyName: string;
  /** Template of e-service identifiers, e.g. `EP-{YYYY}-{NNNNN}`. */
  identifierFormat: string;
  roster: readonly RosterEntry[];
  reminderAfterHours: number;
  audit: AuditThresholds;
}

export interface ProcedureContext {
  store: CaseStore;
  settings: ProcedureSettings;
  provisioning: AccessProvisioning;
  auditRecords: AuditRecordSource;
  now: Date;
}
