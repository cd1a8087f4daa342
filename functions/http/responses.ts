import type { APIGatewayProxyResult } from 'aws-lambda';
import type { AppError, ErrorCode } from '../../shared/app/errors.js';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
};

// Every JSON answer: never cached (rota and requests change by the second), never sniffed.
export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS }, body: body === undefined ? '' : JSON.stringify(body) };
}

export function errorResponse(error: AppError): APIGatewayProxyResult {
  const { code, message, details, extra } = error;
  return json(STATUS[code], { error: { code, message, ...(details ? { details } : {}), ...(extra ?? {}) } });
}

export function internalErrorResponse(): APIGatewayProxyResult {
  return json(500, {
    error: { code: 'internal_error', message: 'something went wrong; the request was logged' },
  });
}
