// The one error shape (functions/http/responses.ts), from the functions, API Gateway and the local server.
import * as z from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../../../shared/app/errors.js';
import { instant, whoSchema } from './common.js';

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const errorDetailSchema = z.strictObject({
  path: z.string().meta({ description: 'The field, header or parameter (`""`: the body as a whole).' }),
  message: z.string(),
});

export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(ERROR_CODES),
      message: z.string().meta({ description: 'In plain words; never a stack trace or request data.' }),
      details: z
        .array(errorDetailSchema)
        .optional()
        .meta({ description: 'validation_failed: each problem, at its field.' }),
      acknowledgedBy: whoSchema
        .nullable()
        .optional()
        .meta({ description: 'conflict on acknowledge or decline: who accepted first.' }),
      acknowledgedAt: instant().nullable().optional(),
      acceptedBy: whoSchema
        .optional()
        .meta({ description: 'conflict on taking a cover request: the colleague who took it first.' }),
      coverId: z
        .string()
        .optional()
        .meta({ description: 'conflict on asking for cover: the open cover request for part of that time.' }),
      state: z
        .enum(['open', 'awaiting_approval', 'covered', 'cancelled', 'expired'])
        .optional()
        .meta({ description: 'conflict on a cover request: the state that refused the change.' }),
      contactId: z
        .string()
        .optional()
        .meta({ description: 'conflict on adding a contact method: the one already verified.' }),
      references: z
        .array(
          z.union([
            z.strictObject({ serviceId: z.string(), serviceName: z.string(), path: z.string() }),
            z.strictObject({
              serviceId: z.string(),
              serviceName: z.string(),
              overrideId: z.string(),
              start: instant(),
              end: instant(),
            }),
          ]),
        )
        .optional()
        .meta({
          description:
            'conflict on deleting a clinician or a service: where the rota still names it (a field of a service, or an override).',
        }),
    }),
  })
  .meta({ id: 'Error', description: 'Every error answer: one shape, whoever gives it.' });

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500;

interface ErrorComponent {
  name: string;
  code: ErrorCode;
  description: string;
  example: z.input<typeof errorBodySchema>;
}

const error = (code: ErrorCode, message: string, details?: { path: string; message: string }[]) => ({
  error: { code, message, ...(details && { details }) },
});

/** The reusable error answers, by status: their component name, when they happen, an example. */
export const ERROR_RESPONSES: Record<ErrorStatus, ErrorComponent> = {
  400: {
    name: 'ValidationFailed',
    code: 'validation_failed',
    description:
      'A body, query or path value is wrong, a field is unknown, or the body is not JSON. `details` lists each problem at its field.',
    example: error('validation_failed', 'request is not valid', [
      { path: 'urgency', message: 'must be one of "emergency", "urgent"' },
      { path: 'summary', message: 'is required' },
    ]),
  },
  401: {
    name: 'Unauthorized',
    code: 'unauthorized',
    description: 'No key, an unknown key or a revoked key.',
    example: error('unauthorized', 'send a valid key as Authorization: Bearer <key>'),
  },
  403: {
    name: 'Forbidden',
    code: 'forbidden',
    description: "The key's role may not do this in its own clinic.",
    example: error('forbidden', 'an intake key may not do that'),
  },
  404: {
    name: 'NotFound',
    code: 'not_found',
    description:
      'No such clinic, clinician, service, override, key, request or route, or it belongs to another clinic (a key of another clinic learns nothing).',
    example: error('not_found', 'clinic not found'),
  },
  405: {
    name: 'MethodNotAllowed',
    code: 'method_not_allowed',
    description:
      'Local stack only: the path exists, but not with this method (the `Allow` header lists those it has). A deployed stage answers 404.',
    example: error('method_not_allowed', 'PATCH is not allowed here: use GET or PUT'),
  },
  409: {
    name: 'Conflict',
    code: 'conflict',
    description: 'The action changes nothing, and the message says why.',
    example: error('conflict', 'the request is closed'),
  },
  413: {
    name: 'PayloadTooLarge',
    code: 'payload_too_large',
    description: 'The body is over 64 KB.',
    example: error('payload_too_large', 'the body must be at most 65536 bytes'),
  },
  415: {
    name: 'UnsupportedMediaType',
    code: 'unsupported_media_type',
    description: 'A body that is not `application/json`.',
    example: error('unsupported_media_type', 'send the body as application/json'),
  },
  429: {
    name: 'RateLimited',
    code: 'rate_limited',
    description:
      "Deployed stages only: too many requests from one IP address (the WAF rule) or over the stage's throttle. Retry shortly.",
    example: error('rate_limited', 'too many requests, retry shortly'),
  },
  500: {
    name: 'InternalError',
    code: 'internal_error',
    description:
      "Something unexpected; the request was logged. API Gateway's own 502, 503 and 504 answers use this code too.",
    example: error('internal_error', 'something went wrong; the request was logged'),
  },
};
