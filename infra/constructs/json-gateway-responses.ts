import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { INTERNAL_ERROR_MESSAGE } from '../../functions/http/responses.js';
import { ERROR_STATUS, type ErrorCode } from '../../shared/app/errors.js';

// Answers API Gateway gives on its own (bad key, unknown path, throttling, oversized body) in the
// same `{"error":{code,message}}` shape as the handlers (docs/api.md, "Errors"), never its default `{"message"}`,
// at the status the handlers give the same code (ERROR_STATUS).
const RESPONSES: ReadonlyArray<[ResponseType, ErrorCode, string]> = [
  [ResponseType.UNAUTHORIZED, 'unauthorized', 'missing or invalid key'],
  [ResponseType.ACCESS_DENIED, 'forbidden', 'this key may not do that'],
  // API Gateway answers an unknown path or method with 403 "Missing Authentication Token".
  [ResponseType.MISSING_AUTHENTICATION_TOKEN, 'not_found', 'no such resource'],
  [ResponseType.BAD_REQUEST_PARAMETERS, 'validation_failed', 'missing or invalid request parameters'],
  [ResponseType.BAD_REQUEST_BODY, 'validation_failed', 'invalid request body'],
  [ResponseType.REQUEST_TOO_LARGE, 'payload_too_large', 'request body too large'],
  [ResponseType.UNSUPPORTED_MEDIA_TYPE, 'unsupported_media_type', 'unsupported content type'],
  [ResponseType.THROTTLED, 'rate_limited', 'too many requests, retry shortly'],
  [ResponseType.DEFAULT_5XX, 'internal_error', INTERNAL_ERROR_MESSAGE],
];

/**
 * With exactly one allowed browser origin, gateway answers name it too so the browser can read them; a
 * static header cannot choose among several, and echoing any Origin would defeat the allow-list.
 */
export function addJsonGatewayResponses(api: RestApi, allowedOrigins: readonly string[] = []): void {
  const cors: Record<string, string> =
    allowedOrigins.length === 1 ? { 'Access-Control-Allow-Origin': `'${allowedOrigins[0]}'` } : {};
  for (const [type, code, message] of RESPONSES) {
    api.addGatewayResponse(`${type.responseType}Response`, {
      type,
      // DEFAULT_5XX covers 502/503/504 too: keep the status API Gateway chose.
      ...(type === ResponseType.DEFAULT_5XX ? {} : { statusCode: String(ERROR_STATUS[code]) }),
      responseHeaders: { 'Cache-Control': "'no-store'", 'X-Content-Type-Options': "'nosniff'", ...cors },
      templates: { 'application/json': JSON.stringify({ error: { code, message } }) },
    });
  }
}
