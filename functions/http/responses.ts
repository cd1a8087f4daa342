import type { APIGatewayProxyResult } from 'aws-lambda';
import { ERROR_STATUS, type AppError, type ErrorCode } from '../../shared/app/errors.js';

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
  return json(ERROR_STATUS[code], {
    error: { code, message, ...(details ? { details } : {}), ...(extra ?? {}) },
  });
}

/** `{"error":{code,message}}` at the code's status (docs/api.md, "Errors"), for answers that are not an AppError. */
export function errorJson(code: ErrorCode, message: string): APIGatewayProxyResult {
  return json(ERROR_STATUS[code], { error: { code, message } });
}

/** Message of the bare 500 (functions and API Gateway's own 5xx answers alike). */
export const INTERNAL_ERROR_MESSAGE = 'something went wrong; the request was logged';

export function internalErrorResponse(): APIGatewayProxyResult {
  return errorJson('internal_error', INTERNAL_ERROR_MESSAGE);
}
