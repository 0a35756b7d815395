import type { StageHandler } from '../src/queue/pipeline-workers.js';
import type { StageDefinition } from '../src/queue/stage.js';
import type { StageDeps } from './deps.js';
import { intakeStage } from './intake.js';
import { intakeHandler } from './intake.handler.js';
import { verifyStage } from './verify.js';
import { verifyHandler } from './verify.handler.js';

/**
 * The pipeline so far: intake → verify. Parsing the forms, routing to the procedures and the
 * signed answer join here as their stages are built.
 */
export const STAGES: readonly StageDefinition[] = [intakeStage, verifyStage];

export function stageHandlers(deps: StageDeps): Map<string, StageHandler> {
  return new Map<string, StageHandler>([
    [intakeStage.name, intakeHandler(deps)],
    [verifyStage.name, verifyHandler(deps)],
  ]);
}
