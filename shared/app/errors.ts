// Failures the use cases report, and the one table of their HTTP statuses (the handlers, API Gateway's own
// answers and the local server all map codes through ERROR_STATUS). Messages never carry PHI.

export interface ErrorDetail {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'method_not_allowed'
  | 'internal_error';

/** The HTTP status of each error code: the same on the functions, API Gateway and the local server. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'this key may not do that') => new AppError('forbidden', message);
export const conflict = (message: string, extra?: Record<string, unknown>) =>
  new AppError('conflict', message, undefined, extra);
export const invalid = (details: ErrorDetail[], message = 'request is not valid') =>
  new AppError('validation_failed', message, details);
