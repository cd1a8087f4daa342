// What the OpenAPI document says about one route of functions/routes.ts, beside what the table already says
// (method, path, key or public). One entry per route name, in infra/openapi/routes/.
// Core types: the request path's schemas are zod/mini (shared/schemas/common.ts), the rest classic zod.
import type { $ZodObject, $ZodType } from 'zod/v4/core';
import type { Role } from '../../shared/domain/model.js';
import type { ErrorStatus } from './views/errors.js';

export const TAGS = {
  Clinics: 'The clinic itself, its settings and its API keys.',
  Clinicians: 'Who can be paged, and whether a page would reach them.',
  'Contact methods':
    'How a person is reached: a code proves each method before it is paged; a test page checks it.',
  'Services and rota': 'Services, their rotations and escalation, overrides, who is on call and the shifts.',
  Requests:
    'Crisis requests: submit (idempotent), watch, acknowledge, decline, call back, hand back, resolve, cancel, the queue.',
  'Cover requests':
    'A clinician asks colleagues to take part of their time on call; the first to accept is put on call by an override (after an admin’s approval where the clinic requires it).',
  'Calendar feeds':
    'A secret URL of someone’s on-call shifts (or a whole service’s) that calendar apps read without a key; a new one, or a revoke, ends the old at once.',
  'Links (public)':
    'Pages a clinician opens from a page or an SMS reply, with no key: the link carries its own token.',
  Reports: 'What the rota and the pages asked of each person, for admins: JSON, or CSV for a spreadsheet.',
  Health: 'Liveness.',
} as const;
export type Tag = keyof typeof TAGS;

/** A JSON answer: its schema, and an example that the unit tests check against it. */
export interface JsonAnswer {
  description: string;
  schema: $ZodType;
  example: unknown;
  /** The same answer as CSV too (a `format=csv` query): its columns, in words. */
  csv?: string;
}

/** An HTML page (the public link routes), a calendar, plain text, a redirect, or nothing (204). */
export interface OtherAnswer {
  description: string;
  kind: 'html' | 'calendar' | 'text' | 'redirect' | 'empty';
}

export type Answer = JsonAnswer | OtherAnswer;

export interface RouteDoc {
  tag: Tag;
  summary: string;
  /** Markdown: the rules behind the answer (docs/api.md has the long form). */
  description: string;
  /**
   * Who may call it. Key routes: the roles `requireAccess` lets through, and in words any further rule
   * (a clinician who was paged for it). Public routes: what stands in for the key.
   */
  access: { roles: readonly Role[]; rule?: string } | { public: string };
  /** Path parameters: the same zod object the handler validates them with (functions/http/params.ts). */
  params?: $ZodObject;
  query?: $ZodObject;
  /** Words for parameters, by name, where the general ones (document-parts.ts) do not fit. */
  parameters?: Readonly<Record<string, string>>;
  /** Headers the route reads (Idempotency-Key). */
  headers?: $ZodObject;
  /** A JSON body: the schema the handler validates it with (shared/schemas). */
  body?: { schema: $ZodType; required: boolean; description?: string; example?: unknown };
  /** An HTML form post (the public link pages). */
  form?: { schema: $ZodType; description: string; example: Record<string, string> };
  /** Success answers (and the HTML error pages of the public routes), by status. */
  answers: Partial<Record<200 | 201 | 202 | 204 | 303 | 400 | 404 | 409 | 413, Answer>>;
  /**
   * JSON errors beyond the ones every route of its kind can give (document.ts, `defaultErrors`), or those
   * with words of their own for this route: status → when.
   */
  errors?: Partial<Record<ErrorStatus, string>>;
  /** Default errors this route cannot give (a route with no path parameter is never a 400). */
  withoutErrors?: readonly ErrorStatus[];
}

export const isJson = (answer: Answer): answer is JsonAnswer => 'schema' in answer;
