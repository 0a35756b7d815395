/**
 * The vocabulary of the procedures: which cases exist, the states each can be in, and which of
 * those states end a case. DESIGN.md gives the procedures; README's "Procedures" section draws
 * these states as the case pages show them.
 */
export const PROCEDURES = ['P1', 'P2', 'support'] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const CASE_STATES = {
  /** P1: e-service registration, then access rights and API publication. */
  P1: ['refused', 'awaiting-access-request', 'awaiting-second-form', 'access-granted'],
  /** P2: a web service into production. */
  P2: [
    'refused',
    'awaiting-correction',
    /** Passed the check, not used inside VISS: on to the production catalogue in the same step. */
    'checked',
    'awaiting-signed-act',
    'awaiting-installation',
    'in-production',
  ],
  /** Consultative support: a ticket. */
  support: ['open', 'closed'],
} as const;
export type CaseState = (typeof CASE_STATES)[Procedure][number];

/** States after which nothing more happens on a case without staff reopening it. */
export const CLOSED_STATES: ReadonlySet<CaseState> = new Set<CaseState>([
  'refused',
  'access-granted',
  'in-production',
  'closed',
]);

export type Language = 'lv' | 'en';

export interface CaseRecord {
  id: string;
  /** Shown to people and put in letter subjects, e.g. `P1-2026-00007`. */
  number: string;
  procedure: Procedure;
  state: CaseState;
  institutionRegNo: string | null;
  institutionName: string | null;
  title: string | null;
  contactPerson: string | null;
  language: Language;
  /** Where answers go unless a step names someone else. */
  replyTo: string | null;
  data: Record<string, unknown>;
}

/** Who did it: `system` for the pipeline, `staff:<user>` for a dashboard or CLI action. */
export type Actor = string;
export const SYSTEM: Actor = 'system';

export interface CaseEvent {
  kind: string;
  actor: Actor;
  messageId?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

/** The kinds of letter the respond stage renders; each carries the data its template needs. */
export const ANSWER_KINDS = [
  'registration-confirmed',
  'access-granted',
  'refusal',
  'waiting-for-second-form',
  'reminder',
  'nonconformity',
  'acceptance-act',
  'production-registered',
  'installation-done',
  'ticket-acknowledgement',
] as const;
export type AnswerKind = (typeof ANSWER_KINDS)[number];

export interface AnswerAttachment {
  /** A verification report of an incoming document, rendered for people. */
  kind: 'validation-report' | 'document';
  documentId?: string;
  /** A stored blob (the sealed acceptance act). */
  sha256?: string;
  filename?: string;
}

export interface Answer {
  kind: AnswerKind;
  /** Makes queuing idempotent: one answer per (case, step, trigger). */
  dedupeKey: string;
  recipient: string;
  language: Language;
  triggerMessageId?: string | undefined;
  data: Record<string, unknown>;
  attachments?: AnswerAttachment[];
}
