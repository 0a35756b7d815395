import type {
  AcceptanceActRecord,
  AccessGrant,
  Answer,
  ApiPublication,
  CaseEvent,
  CaseRecord,
  CaseStore,
  CatalogueEntry,
  EServiceRecord,
  ProcedureContext,
} from '../../../src/cases/index.js';
import { CLOSED_STATES } from '../../../src/cases/index.js';
import type { Submission, SubmittedDocument } from '../../../src/cases/submission.js';

/**
 * The CaseStore port in memory, keeping the contract the SQL store keeps (a stale record cannot
 * write, a message joins one case), so the use cases can be told as stories without a database.
 */
export interface MemoryStore extends CaseStore {
  cases: Map<string, CaseRecord>;
  events: Array<CaseEvent & { caseId: string; from: string | null; to: string | null }>;
  outbox: Array<Answer & { caseId: string; outgoingMessageId: string }>;
  links: Map<string, string>;
  /** Message-IDs of incoming mail, by ledger id, for thread lookups. */
  messageIds: Map<string, string>;
  eservices: Map<string, EServiceRecord>;
  acts: AcceptanceActRecord[];
  catalogue: Map<string, CatalogueEntry>;
  grants: AccessGrant[];
}

export function memoryStore(): MemoryStore {
  let nextId = 1;
  const counters = new Map<string, number>();
  const copy = (c: CaseRecord): CaseRecord => structuredClone(c);
  const store: MemoryStore = {
    cases: new Map(),
    events: [],
    outbox: [],
    links: new Map(),
    messageIds: new Map(),
    eservices: new Map(),
    acts: [],
    catalogue: new Map(),
    grants: [],
    async caseOfMessage(messageId) {
      const id = store.links.get(messageId);
      return id ? copy(store.cases.get(id) as CaseRecord) : undefined;
    },
    async openCase(fields, event) {
      const id = String(nextId++);
      const kase: CaseRecord = {
        id,
        number: fields.number,
        procedure: fields.procedure,
        state: fields.state,
        institutionRegNo: fields.institutionRegNo ?? null,
        institutionName: fields.institutionName ?? null,
        title: fields.title ?? null,
        contactPerson: fields.contactPerson ?? null,
        language: fields.language,
        replyTo: fields.replyTo ?? null,
        data: fields.data ?? {},
      };
      store.cases.set(id, kase);
      store.events.push({ ...event, caseId: id, from: null, to: fields.state });
      return copy(kase);
    },
    async loadCase(id) {
      const kase = store.cases.get(id);
      return kase && copy(kase);
    },
    async caseByNumber(number) {
      const kase = [...store.cases.values()].find((c) => c.number === number);
      return kase && copy(kase);
    },
    async findOpenCases(procedure, key, value) {
      return [...store.cases.values()]
        .filter(
          (c) => c.procedure === procedure && !CLOSED_STATES.has(c.state) && c.data[key] === value,
        )
        .map(copy);
    },
    async casesOfThread(ids) {
      const bare = ids.map((id) => id.replace(/^<|>$/g, ''));
      const byOutbox = store.outbox
        .filter((o) => bare.includes(o.outgoingMessageId))
        .map((o) => o.caseId);
      const byIncoming = [...store.messageIds]
        .filter(([, header]) => bare.includes(header.replace(/^<|>$/g, '')))
        .map(([messageId]) => store.links.get(messageId))
        .filter((id): id is string => id !== undefined);
      return [...new Set([...byOutbox, ...byIncoming])].map((id) =>
        copy(store.cases.get(id) as CaseRecord),
      );
    },
    async caseCorrespondents(caseId) {
      const kase = store.cases.get(caseId);
      const addresses = [
        kase?.replyTo,
        kase?.data['contactEmail'],
        ...store.outbox
          .filter((o) => o.caseId === caseId && o.kind !== 'refusal')
          .map((o) => o.recipient),
        ...[...store.eservices.values()]
          .filter((e) => e.caseId === caseId)
          .flatMap((e) => ['responsible', 'technical'].map((k) => contactEmail(e.details[k]))),
      ];
      return [
        ...new Set(
          addresses
            .filter((a): a is string => typeof a === 'string' && a !== '')
            .map((a) => a.toLowerCase()),
        ),
      ];
    },
    async transition(current, to, event, patch) {
      const stored = store.cases.get(current.id);
      if (stored?.state !== current.state) throw new Error(`case ${current.number} is stale`);
      const next: CaseRecord = {
        ...stored,
        state: to,
        ...(patch?.data ? { data: patch.data } : {}),
        ...(patch?.contactPerson ? { contactPerson: patch.contactPerson } : {}),
        ...(patch?.language ? { language: patch.language } : {}),
        ...(patch && 'replyTo' in patch ? { replyTo: patch.replyTo ?? null } : {}),
      };
      store.cases.set(current.id, next);
      store.events.push({ ...event, caseId: current.id, from: current.state, to });
      return copy(next);
    },
    async note(current, event, patch) {
      const stored = store.cases.get(current.id);
      if (stored?.state !== current.state) throw new Error(`case ${current.number} is stale`);
      const next = patch?.data ? { ...stored, data: patch.data } : stored;
      store.cases.set(current.id, next);
      store.events.push({ ...event, caseId: current.id, from: null, to: null });
      return copy(next);
    },
    async linkMessage(caseId, messageId) {
      const linked = store.links.get(messageId);
      if (linked !== undefined && linked !== caseId)
        throw new Error(`message ${messageId} belongs to case ${linked}`);
      store.links.set(messageId, caseId);
    },
    async nextInCounter(counter) {
      const value = (counters.get(counter) ?? 0) + 1;
      counters.set(counter, value);
      return value;
    },
    async openCaseCounts() {
      return new Map();
    },
    async registerEService(record) {
      store.eservices.set(record.identifier, record);
    },
    async findEService(identifier) {
      return store.eservices.get(identifier);
    },
    async eserviceFromDocument(sha256) {
      for (const e of store.eservices.values()) {
        const kase = store.cases.get(e.caseId);
        if (kase && kase.data['registrationSha256'] === sha256)
          return { identifier: e.identifier, caseNumber: kase.number };
      }
      return undefined;
    },
    async recordGrants(grants) {
      store.grants.push(...grants);
    },
    async recordApiPublication(_publication: ApiPublication) {},
    async catalogueEntry(environment, identifier) {
      return store.catalogue.get(`${environment}:${identifier}`);
    },
    async registerInCatalogue(environment, entry) {
      store.catalogue.set(`${environment}:${entry.identifier}`, entry);
    },
    async actOfCase(caseId) {
      return store.acts.find((a) => a.caseId === caseId);
    },
    async actByNumber(number) {
      return store.acts.find((a) => a.number === number);
    },
    async recordAct(record) {
      if (store.acts.some((a) => a.caseId === record.caseId)) return false;
      store.acts.push(record);
      return true;
    },
    async markActSigned() {},
    async openInstallationTask() {},
    async completeInstallationTask() {
      return true;
    },
    async queueAnswer(caseId, answer) {
      if (store.outbox.some((o) => o.dedupeKey === answer.dedupeKey)) return;
      store.outbox.push({
        ...answer,
        caseId,
        outgoingMessageId: `out-${store.outbox.length + 1}@agency.test`,
      });
    },
    async casesToRemind(state, _before) {
      return [...store.cases.values()].filter((c) => c.state === state).map(copy);
    },
  };
  return store;
}

export function contextOn(
  store: CaseStore,
  now = new Date('2026-03-02T10:00:00Z'),
): ProcedureContext {
  return {
    store,
    settings: {
      agencyName: 'Aģentūra',
      identifierFormat: 'EP-{YYYY}-{NNNNN}',
      roster: [{ name: 'Inga Pētersone', email: 'inga@agency.test' }],
      reminderAfterHours: 24,
      audit: { minCalls: 0, maxErrorRate: 1, minConsumers: 0, minPeriodDays: 0 },
    },
    provisioning: { name: 'registry', provision: (grants) => store.recordGrants(grants) },
    auditRecords: { recordsOf: async () => [] },
    now,
  };
}

let messageSeq = 100;

/** A mail as the ledger gives it to the procedures; each call is a new message. */
export function mail(fields: Partial<Submission> = {}): Submission {
  messageSeq += 1;
  return {
    messageId: String(messageSeq),
    mailbox: 'support',
    from: 'someone@institution-a.test',
    replyTo: null,
    subject: 'Jautājums',
    messageIdHeader: `<m${messageSeq}@institution.test>`,
    inReplyTo: null,
    references: [],
    documents: [],
    ...fields,
  };
}

let documentSeq = 500;

export function document(fields: Partial<SubmittedDocument> = {}): SubmittedDocument {
  documentSeq += 1;
  return {
    id: String(documentSeq),
    filename: 'form.pdf',
    contentType: 'application/pdf',
    sha256: `sha-${documentSeq}`,
    size: 1000,
    signature: null,
    form: null,
    description: null,
    signedRevisions: [],
    ...fields,
  };
}

function contactEmail(contact: unknown): string | undefined {
  const email = (contact as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email : undefined;
}
