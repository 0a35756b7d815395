/**
 * The one catalogue of error codes. Each code is a stable string that appears in logs, in the
 * database (as the recorded reason of a failure) and in staff-facing pages, so it never changes
 * once shipped. `retryable` says whether trying the same work again later can succeed.
 */
export const ErrorCodes = {
  /** A configuration value is missing or has the wrong shape; start-up stops. */
  CONFIG_INVALID: { retryable: false, summary: 'configuration is invalid' },
  /** The configuration file could not be read or is not valid YAML/JSON. */
  CONFIG_UNREADABLE: { retryable: false, summary: 'configuration file cannot be read' },
  /** A database statement failed in a way that may pass later (connection lost, lock timeout). */
  DB_UNAVAILABLE: { retryable: true, summary: 'database unavailable' },
  /** A migration failed to apply; the schema is left as it was before that migration. */
  DB_MIGRATION_FAILED: { retryable: false, summary: 'database migration failed' },
  /** Redis did not answer in time. */
  REDIS_UNAVAILABLE: { retryable: true, summary: 'redis unavailable' },
  /** A local service (Redis, Dovecot, PostgreSQL, SMTP relay) could not be started. */
  SERVICE_START_FAILED: { retryable: false, summary: 'local service failed to start' },
  /** A job's payload does not match its stage's schema: a bug or a stale job; never retried. */
  JOB_PAYLOAD_INVALID: { retryable: false, summary: 'job payload invalid' },
  /** A job names a message, document or case that is not in the database. */
  RECORD_NOT_FOUND: { retryable: false, summary: 'record not found' },
  /** A staff action that the case's current state does not allow (it moved on meanwhile). */
  CASE_STATE_CONFLICT: { retryable: false, summary: 'case state does not allow this' },
  /** Revocation or time-stamp services did not answer; the verification is tried again later. */
  VERIFY_TRY_LATER: { retryable: true, summary: 'verification needs to be tried later' },
  /** The process configuration wires stages wrongly (a stage without or with two handlers). */
  PIPELINE_MISCONFIGURED: { retryable: false, summary: 'pipeline misconfigured' },
  /**
   * The agency's seal could not be applied: the key or certificate cannot be used (wrong
   * PKCS#12 password, key and certificate do not match, certificate not valid at signing time),
   * the PDF cannot be read or its signature field is missing or already signed. Trying the same
   * input again gives the same result.
   */
  SEAL_FAILED: { retryable: false, summary: 'sealing the document failed' },
  /**
   * The time-stamping authority did not answer, refused, or answered with a token that fails our
   * checks (nonce, message imprint, TSA signature, timeStamping purpose). The sealing is tried
   * again later: a TSA outage or a bad answer is expected to be temporary.
   */
  SEAL_TSA_FAILED: { retryable: true, summary: 'time-stamping authority failed' },
  /** A command-line argument is missing or malformed. */
  CLI_USAGE: { retryable: false, summary: 'wrong command-line usage' },
} as const satisfies Record<string, { retryable: boolean; summary: string }>;

export type ErrorCode = keyof typeof ErrorCodes;
