// The function side of config `cors.allowedOrigins`: the CDK app passes the origins in CORS_ALLOWED_ORIGINS,
// and every HTTP answer (success or error) names the caller's origin only when it is one of them.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { httpOptionsFromEnv } from '../../functions/deps/env.js';
import { createHandler as createHealthHandler } from '../../functions/health/handler.js';
import { httpRoute } from '../../functions/http/http-route.js';
import { createLogger } from '../../functions/http/logger.js';
import { AppError } from '../../shared/app/errors.js';
import { ENV } from '../../shared/config/env-names.js';
import { apiEvent, lambdaContext } from '../unit/api/events.js';
import { intake } from '../unit/requests/fakes.js';

const ALLOWED = 'https://hotline.example.org';
const logger = createLogger();
logger.setLogLevel('SILENT');

afterEach(() => {
  delete process.env[ENV.corsAllowedOrigins];
});

const call = async (handler: ReturnType<typeof createHealthHandler>, origin?: string) =>
  (await handler(
    apiEvent({ resource: '/health', principal: intake, headers: origin ? { origin } : {} }),
    lambdaContext(),
  )) as APIGatewayProxyResult;

describe('CORS on the functions', () => {
  it('names an allowed origin (and varies on Origin)', async () => {
    process.env[ENV.corsAllowedOrigins] = `https://other.example.org,${ALLOWED}`;
    const result = await call(createHealthHandler(logger, httpOptionsFromEnv()), ALLOWED);
    expect(result.headers).toMatchObject({ 'Access-Control-Allow-Origin': ALLOWED, Vary: 'Origin' });
  });

  it('says nothing to an origin that is not allowed, or when no origins are configured', async () => {
    process.env[ENV.corsAllowedOrigins] = ALLOWED;
    expect(
      (await call(createHealthHandler(logger, httpOptionsFromEnv()), 'https://evil.example.com')).headers,
    ).not.toHaveProperty('Access-Control-Allow-Origin');
    delete process.env[ENV.corsAllowedOrigins];
    expect(
      (await call(createHealthHandler(logger, httpOptionsFromEnv()), ALLOWED)).headers,
    ).not.toHaveProperty('Access-Control-Allow-Origin');
  });

  it('error answers name the allowed origin too, so the browser can read the error', async () => {
    process.env[ENV.corsAllowedOrigins] = ALLOWED;
    const failing = httpRoute(logger, httpOptionsFromEnv(), {
      handle: async () => {
        throw new AppError('conflict', 'already acknowledged');
      },
    });
    const result = await call(failing, ALLOWED);
    expect(result.statusCode).toBe(409);
    expect(result.headers).toMatchObject({ 'Access-Control-Allow-Origin': ALLOWED });
  });
});
