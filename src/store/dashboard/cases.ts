import { PROCEDURES, type CaseState, type Procedure } from '../../cases/index.js';
import type { Queryable } from '../database.js';
import {
  conditions,
  containing,
  dateOrNull,
  masked,
  page,
  type Page,
  type PageRequest,
} from './query-parts.js';

/**
 * The step of its procedure (numbered as in DESIGN.md: P1 steps 2–5, P2 steps 1–4) a case is at:
 * the one it waits for, or the last one done. Refused cases and support tickets have none.
 */
export const CASE_STEPS: Readonly<Record<Procedure, Readonly<Partial<Record<CaseState, number>>>>> =
  {
    P1: { 'awaiting-access-request': 4, 'awaiting-second-form': 4, 'access-granted': 5 },
    P2: {
      'awaiting-correction': 2,
      'awaiting-signed-act': 3,
      checked: 4,
      'awaiting-installation': 4,
      'in-production': 4,
    },
    support: {},
  };

export function caseStep(procedure: Procedure, state: CaseState): number | null {
  return CASE_STEPS[procedure][state] ?? null;
}

export interface CaseFilter extends PageRequest {
  procedure?: Procedure | undefined;
  state?: CaseState | undefined;
  /** Registration number or a substring of the institution's name, any case. */
  institution?: string | undefined;
  /** See `CASE_STEPS`; with `procedure`, that procedure's step only. */
  step?: number | undefined;
  /** true: not closed; false: closed. */
  open?: boolean | undefined;
}

export interface CaseListing {
  number: string;
  procedure: Procedure;
  state: CaseState;
  step: number | null;
  institutionRegNo: string | null;
  institutionName: string | null;
  title: string | null;
  contactPerson: string | null;
  openedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface CaseRow {
  id: string;
  number: string;
  procedure: Procedure;
  state: CaseState;
  institution_reg_no: string | null;
  institution_name: string | null;
  title: string | null;
  contact_person: string | null;
  opened_at: Date | string;
  updated_at: Date | string;
  closed_at: Date | string | null;
}

export const CASE_COLUMNS = `c.id::text AS id, c.number, c.procedure, c.state, c.institution_reg_no,
  c.institution_name, c.title, c.contact_person, c.opened_at, c.updated_at, c.closed_at`;

export function toCaseListing(r: CaseRow): CaseListing {
  return {
    number: r.number,
    procedure: r.procedure,
    state: r.state,
    step: caseStep(r.procedure, r.state),
    institutionRegNo: r.institution_reg_no,
    institutionName: r.institution_name,
    title: masked(r.title),
    contactPerson: r.contact_person,
    openedAt: new Date(r.opened_at),
    updatedAt: new Date(r.updated_at),
    closedAt: dateOrNull(r.closed_at),
  };
}

/** Cases, the most recently opened first. */
export async function listCases(
  db: Queryable,
  filter: CaseFilter = {},
): Promise<Page<CaseListing>> {
  const where = conditions();
  if (filter.procedure) where.add((p) => `c.procedure = ${p}`, filter.procedure);
  if (filter.state) where.add((p) => `c.state = ${p}`, filter.state);
  const institution = containing(filter.institution);
  if (institution)
    where.add(
      (p) =>
        `(c.institution_reg_no ILIKE ${p} ESCAPE '\\' OR c.institution_name ILIKE ${p} ESCAPE '\\')`,
      institution,
    );
  if (filter.step !== undefined) {
    const step = filter.step;
    const pairs = PROCEDURES.filter(
      (p) => filter.procedure === undefined || p === filter.procedure,
    ).flatMap((p) =>
      Object.entries(CASE_STEPS[p])
        .filter(([, s]) => s === step)
        .map(([state]) => `${p}:${state}`),
    );
    where.add((p) => `(c.procedure || ':' || c.state) = ANY(${p}::text[])`, pairs);
  }
  if (filter.open === true) where.fixed('c.closed_at IS NULL');
  if (filter.open === false) where.fixed('c.closed_at IS NOT NULL');
  return page<CaseRow, CaseListing>(db, filter, {
    select: CASE_COLUMNS,
    from: 'cases c',
    where,
    orderBy: 'c.opened_at DESC, c.id DESC',
    map: toCaseListing,
  });
}

export interface SupportTicketFilter extends PageRequest {
  /** true: open tickets; false: closed ones. */
  open?: boolean | undefined;
}

export interface SupportTicketListing {
  number: string;
  state: CaseState;
  title: string | null;
  /** Where answers go: the address that opened the ticket. */
  replyTo: string | null;
  contactPerson: string | null;
  openedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  messageCount: number;
  lastEvent: { at: Date; kind: string; actor: string } | null;
}

/** Support tickets, the most recently changed first. */
export async function listSupportTickets(
  db: Queryable,
  filter: SupportTicketFilter = {},
): Promise<Page<SupportTicketListing>> {
  const where = conditions();
  where.add((p) => `c.procedure = ${p}`, 'support');
  if (filter.open === true) where.fixed('c.closed_at IS NULL');
  if (filter.open === false) where.fixed('c.closed_at IS NOT NULL');
  return page<
    CaseRow & {
      reply_to: string | null;
      message_count: number;
      event_at: Date | string | null;
      event_kind: string | null;
      event_actor: string | null;
    },
    SupportTicketListing
  >(db, filter, {
    select: `${CASE_COLUMNS}, c.reply_to,
             (SELECT count(*) FROM case_messages cm WHERE cm.case_id = c.id)::int AS message_count,
             e.at AS event_at, e.kind AS event_kind, e.actor AS event_actor`,
    from: `cases c LEFT JOIN LATERAL (
             SELECT at, kind, actor FROM case_events WHERE case_id = c.id ORDER BY id DESC LIMIT 1
           ) e ON true`,
    where,
    orderBy: 'c.updated_at DESC, c.id DESC',
    map: (r) => ({
      number: r.number,
      state: r.state,
      title: masked(r.title),
      replyTo: r.reply_to,
      contactPerson: r.contact_person,
      openedAt: new Date(r.opened_at),
      updatedAt: new Date(r.updated_at),
      closedAt: dateOrNull(r.closed_at),
      messageCount: r.message_count,
      lastEvent:
        r.event_at === null || r.event_kind === null
          ? null
          : { at: new Date(r.event_at), kind: r.event_kind, actor: r.event_actor ?? '' },
    }),
  });
}
