export { AppError, isAppError, isRetryable } from './app-error.js';
export { ErrorCodes, type ErrorCode } from './codes.js';
