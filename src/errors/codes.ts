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
  /** The SMTP server refused for now (4xx) or could not be reached; sending is tried again. */
  SMTP_TEMPORARY: { retryable: true, summary: 'mail server temporarily unavailable' },
  /** The SMTP server refused the answer for good (5xx): the case is marked for staff. */
  SMTP_REJECTED: { retryable: false, summary: 'mail server rejected the answer' },
  /**
   * The connection broke after the message was sent but before the server answered: it may
   * have been delivered. Not retried (that could send it twice); staff decide.
   */
  SMTP_OUTCOME_UNKNOWN: { retryable: false, summary: 'mail server did not confirm the answer' },
  /** A sealed letter did not pass the project's own verifier, so it is not sent. */
  ANSWER_NOT_VERIFIED: { retryable: false, summary: 'sealed answer failed verification' },
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
  /**
   * The long-term validation data for a sealed document (PAdES B-LT: the certificate chain, OCSP
   * responses, CRLs) could not be gathered: an OCSP responder, CRL distribution point or CA
   * issuer URL did not answer or answered unusably, or the newest revocation data was issued
   * before the seal's time-stamp (the CA has not published its next CRL yet). The sealed B-T
   * document is unchanged; adding the data is tried again later.
   */
  SEAL_LT_DATA_UNAVAILABLE: {
    retryable: true,
    summary: 'validation data for the seal unavailable',
  },
  /** A command-line argument is missing or malformed. */
  CLI_USAGE: { retryable: false, summary: 'wrong command-line usage' },
} as const satisfies Record<string, { retryable: boolean; summary: string }>;

export type ErrorCode = keyof typeof ErrorCodes;
