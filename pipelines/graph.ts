import type { StageHandler } from '../src/queue/pipeline-workers.js';
import type { StageDefinition } from '../src/queue/stage.js';
import type { StageDeps } from './deps.js';
import { intakeStage } from './intake.js';
import { intakeHandler } from './intake.handler.js';
import { parseStage } from './parse.js';
import { parseHandler } from './parse.handler.js';
import { productionStage, registrationStage, supportStage } from './procedure-stages.js';
import { productionHandler } from './production.handler.js';
import { registrationHandler } from './registration.handler.js';
import { remindersStage } from './reminders.js';
import { respondStage } from './respond.js';
import { respondHandler } from './respond.handler.js';
import { remindersHandler } from './reminders.handler.js';
import { routeStage } from './route.js';
import { routeHandler } from './route.handler.js';
import { supportHandler } from './support.handler.js';
import { verifyStage } from './verify.js';
import { verifyHandler } from './verify.handler.js';

/**
 * intake → verify (per document) → parse → route → registration (P1) | production (P2) |
 * support, each step recording its answer in the outbox → respond (seal, send once, copy to
 * Sent); `reminders` runs on a timer and also hands on answers a crash left pending.
 */
export const STAGES: readonly StageDefinition[] = [
  intakeStage,
  verifyStage,
  parseStage,
  routeStage,
  registrationStage,
  productionStage,
  supportStage,
  respondStage,
  remindersStage,
];

export function stageHandlers(deps: StageDeps): Map<string, StageHandler> {
  return new Map<string, StageHandler>([
    [intakeStage.name, intakeHandler(deps)],
    [verifyStage.name, verifyHandler(deps)],
    [parseStage.name, parseHandler(deps)],
    [routeStage.name, routeHandler(deps)],
    [registrationStage.name, registrationHandler(deps)],
    [productionStage.name, productionHandler(deps)],
    [supportStage.name, supportHandler(deps)],
    [respondStage.name, respondHandler(deps)],
    [remindersStage.name, remindersHandler(deps)],
  ]);
}
