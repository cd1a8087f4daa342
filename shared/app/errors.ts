// Failures the use cases report; the HTTP edge maps each code to a status. Messages never carry PHI.

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
  | 'rate_limited';

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
