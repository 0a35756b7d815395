import { beforeEach, describe, expect, it } from 'vitest';
import { runSubmission, type CaseRecord } from '../../../src/cases/index.js';
import { contextOn, document, mail, memoryStore, type MemoryStore } from './memory-case-store.js';

const A = 'iestade@institution-a.test';
const B = 'iestade@institution-b.test';

let store: MemoryStore;
let ticketOfA: CaseRecord;
let ackOfA: string;

beforeEach(async () => {
  store = memoryStore();
  const opening = mail({ from: A, subject: 'Jautājums par VISS' });
  store.messageIds.set(opening.messageId, opening.messageIdHeader ?? '');
  ticketOfA = await runSubmission(contextOn(store), opening);
  ackOfA = store.outbox[0]?.outgoingMessageId ?? '';
});

const eventsOf = (caseId: string) =>
  store.events.filter((e) => e.caseId === caseId).map((e) => e.kind);

describe('consultative support: who may join a case', () => {
  it('when the institution replies to its acknowledgement, then the reply joins its ticket without a second acknowledgement', async () => {
    const reply = await runSubmission(
      contextOn(store),
      mail({ from: A.toUpperCase(), subject: 'Re: jautājums', inReplyTo: `<${ackOfA}>` }),
    );
    expect(reply.id).toBe(ticketOfA.id);
    expect(store.outbox.map((o) => o.kind)).toEqual(['ticket-acknowledgement']);
  });

  it("when another institution quotes the case number in its subject, then it gets a ticket of its own and the first institution's case is untouched", async () => {
    const theirs = await runSubmission(
      contextOn(store),
      mail({ from: B, subject: `Papildinājums ${ticketOfA.number}` }),
    );
    expect(theirs.id).not.toBe(ticketOfA.id);
    expect(theirs.data['referredToCases']).toEqual([ticketOfA.number]);
    expect(eventsOf(ticketOfA.id)).toEqual(['ticket-opened']);
    const acks = store.outbox.filter((o) => o.kind === 'ticket-acknowledgement');
    expect(acks.map((o) => [o.caseId, o.recipient])).toEqual([
      [ticketOfA.id, A],
      [theirs.id, B],
    ]);
  });

  it("when another institution sets In-Reply-To to the agency's answer on someone else's case, then it does not join that case", async () => {
    const theirs = await runSubmission(
      contextOn(store),
      mail({
        from: B,
        subject: 'Re: kaut kas',
        inReplyTo: `<${ackOfA}>`,
        references: [`<${ackOfA}>`],
      }),
    );
    expect(theirs.id).not.toBe(ticketOfA.id);
    expect(eventsOf(ticketOfA.id)).toEqual(['ticket-opened']);
  });

  it('when a refusal on a case was sent to an outsider, then that outsider still cannot join the case by replying to it', async () => {
    await store.queueAnswer(ticketOfA.id, {
      kind: 'refusal',
      dedupeKey: 'refusal:outsider',
      recipient: B,
      language: 'lv',
      data: {},
    });
    const refusalId = store.outbox.find((o) => o.kind === 'refusal')?.outgoingMessageId ?? '';
    const theirs = await runSubmission(
      contextOn(store),
      mail({ from: B, subject: 'Re: atteikums', inReplyTo: `<${refusalId}>` }),
    );
    expect(theirs.id).not.toBe(ticketOfA.id);
  });

  it('when the institution follows up on its own earlier mail, then the follow-up joins the ticket', async () => {
    const opening = [...store.messageIds.values()][0] ?? '';
    const followUp = await runSubmission(
      contextOn(store),
      mail({ from: A, subject: 'Vēl viens jautājums', references: [opening] }),
    );
    expect(followUp.id).toBe(ticketOfA.id);
  });
});

describe('consultative support: attachments that arrived damaged', () => {
  it('when a mail without a readable form carries a damaged attachment, then the acknowledgement names it and asks for it again; other attachments are not listed', async () => {
    const damaged = { ...document({ filename: 'registracija.pdf' }), note: 'arrived damaged' };
    const fine = document({ filename: 'piezimes.pdf' });
    const ticket = await runSubmission(
      contextOn(store),
      mail({ from: B, subject: 'Pielikumi', documents: [damaged, fine] }),
    );
    const ack = store.outbox.find((o) => o.caseId === ticket.id);
    expect(ack?.data['problems']).toEqual(['registracija.pdf: arrived damaged']);
    // The first ticket's acknowledgement (no such attachment) lists nothing.
    expect(store.outbox[0]?.data['problems']).toEqual([]);
  });
});
