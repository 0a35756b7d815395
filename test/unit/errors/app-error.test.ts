import { describe, expect, it } from 'vitest';
import { AppError, ErrorCodes, isAppError, isRetryable } from '../../../src/errors/index.js';

describe('error catalogue', () => {
  it('marks transient failures retryable and everything else not', () => {
    expect(isRetryable(new AppError('DB_UNAVAILABLE', 'down'))).toBe(true);
    expect(isRetryable(new AppError('CONFIG_INVALID', 'bad'))).toBe(false);
    expect(isRetryable(new Error('a bug'))).toBe(false);
  });

  it('keeps the code, details and cause', () => {
    const cause = new Error('root');
    const error = new AppError('REDIS_UNAVAILABLE', 'no pong', { details: { ms: 2000 }, cause });
    expect(isAppError(error, 'REDIS_UNAVAILABLE')).toBe(true);
    expect(isAppError(error, 'DB_UNAVAILABLE')).toBe(false);
    expect(error.details).toEqual({ ms: 2000 });
    expect(error.cause).toBe(cause);
  });

  it('every code has a summary', () => {
    for (const [code, entry] of Object.entries(ErrorCodes))
      expect(entry.summary, code).not.toBe('');
  });
});
