import { ErrorCodes, type ErrorCode } from './codes.js';

/** The only error type the rooms throw on purpose; anything else is a bug. */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }
}

/** Whether trying again later may succeed. Unknown errors are treated as bugs: not retryable. */
export function isRetryable(error: unknown): boolean {
  return error instanceof AppError && ErrorCodes[error.code].retryable;
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
