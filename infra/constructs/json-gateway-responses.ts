import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';

// Answers API Gateway gives on its own (bad key, unknown path, throttling, oversized body) in the
// same `{"error":{code,message}}` shape as the handlers (SPEC "Errors"), never its default `{"message"}`.
const RESPONSES: ReadonlyArray<[ResponseType, string, string, string]> = [
  [ResponseType.UNAUTHORIZED, '401', 'unauthorized', 'missing or invalid key'],
  [ResponseType.ACCESS_DENIED, '403', 'forbidden', 'this key may not do that'],
  // API Gateway answers an unknown path or method with 403 "Missing Authentication Token".
  [ResponseType.MISSING_AUTHENTICATION_TOKEN, '404', 'not_found', 'no such resource'],
  [ResponseType.BAD_REQUEST_PARAMETERS, '400', 'validation_failed', 'missing or invalid request parameters'],
  [ResponseType.BAD_REQUEST_BODY, '400', 'validation_failed', 'invalid request body'],
  [ResponseType.REQUEST_TOO_LARGE, '413', 'payload_too_large', 'request body too large'],
  [ResponseType.UNSUPPORTED_MEDIA_TYPE, '415', 'unsupported_media_type', 'unsupported content type'],
  [ResponseType.THROTTLED, '429', 'rate_limited', 'too many requests, retry shortly'],
  [ResponseType.DEFAULT_5XX, '500', 'internal_error', 'something went wrong; the request was logged'],
];

/**
 * With exactly one allowed browser origin, gateway answers name it too so the browser can read them; a
 * static header cannot choose among several, and echoing any Origin would defeat the allow-list.
 */
export function addJsonGatewayResponses(api: RestApi, allowedOrigins: readonly string[] = []): void {
  const cors: Record<string, string> =
    allowedOrigins.length === 1 ? { 'Access-Control-Allow-Origin': `'${allowedOrigins[0]}'` } : {};
  for (const [type, statusCode, code, message] of RESPONSES) {
    api.addGatewayResponse(`${type.responseType}Response`, {
      type,
      // DEFAULT_5XX covers 502/503/504 too: keep the status API Gateway chose.
      ...(type === ResponseType.DEFAULT_5XX ? {} : { statusCode }),
      responseHeaders: { 'Cache-Control': "'no-store'", 'X-Content-Type-Options': "'nosniff'", ...cors },
      templates: { 'application/json': JSON.stringify({ error: { code, message } }) },
    });
  }
}
