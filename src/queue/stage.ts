import type { z } from 'zod';

/**
 * A pipeline stage: its queue name, the version of its payload, and the payload's schema. Payloads
 * carry ids, never document bytes or personal data (they sit in Redis and in dashboards).
 */
export interface StageDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  version: number;
  payload: Schema;
  /** The payload field that makes the job id deterministic: the same step is enqueued once. */
  key: (payload: z.infer<Schema>) => string;
}

export type StagePayload<S extends StageDefinition> = z.infer<S['payload']>;

export function defineStage<Schema extends z.ZodType>(
  stage: StageDefinition<Schema>,
): StageDefinition<Schema> {
  if (!/^[a-z][a-z0-9-]*$/.test(stage.name))
    throw new Error(`stage name ${stage.name} must be lower-case words`);
  return stage;
}

/** BullMQ refuses ':' in custom ids; the id names stage, payload version and key. */
export function jobIdFor(stage: StageDefinition, key: string): string {
  return `${stage.name}-v${stage.version}-${key.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}
