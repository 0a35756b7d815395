import { z } from 'zod';
import type { Procedure } from '../src/cases/index.js';
import { defineStage, type StageDefinition } from '../src/queue/stage.js';

const messagePayload = z.strictObject({ messageId: z.string().regex(/^\d+$/) });

/** P1: e-service registration, access rights and API publication. */
export const registrationStage = defineStage({
  name: 'registration',
  version: 1,
  payload: messagePayload,
  key: (p) => p.messageId,
});

/** P2: a web service into production, the acceptance act, the production catalogue. */
export const productionStage = defineStage({
  name: 'production',
  version: 1,
  payload: messagePayload,
  key: (p) => p.messageId,
});

/** Consultative support: tickets and correspondence joining a case. */
export const supportStage = defineStage({
  name: 'support',
  version: 1,
  payload: messagePayload,
  key: (p) => p.messageId,
});

export const PROCEDURE_STAGES: Record<Procedure, StageDefinition<typeof messagePayload>> = {
  P1: registrationStage,
  P2: productionStage,
  support: supportStage,
};
