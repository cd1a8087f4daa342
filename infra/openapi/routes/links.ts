import * as z from 'zod';
import { coverFormSchema } from '../../../shared/schemas/cover.js';
import { ackFormSchema, caseFormSchema } from '../../../shared/schemas/request.js';
import type { RouteDoc } from '../route-doc.js';

const ackToken = z.object({
  token: z.string().meta({
    description: "The page's link token (22 characters, 128 random bits); only its hash is stored.",
    example: 'WZxZHcEMDXGzUskpoJXP4Q',
  }),
});
const caseToken = z.object({
  token: z.string().meta({
    description: 'The case link token, issued to whoever accepted; only its hash is stored.',
    example: 'hN4pQ8sV2xKc7LmB9tRw1A',
  }),
});

const coverToken = z.object({
  token: z.string().meta({
    description: 'One colleague’s link to one cover offer (128 random bits); only its hash is stored.',
    example: 'Qm7vR2kX9pLc4TnB8sWe3A',
  }),
});

const COVER_LINK = 'None: the offer link’s token is the credential of the colleague it was sent to.';
const ACK_LINK = 'None: the link’s token is the credential.';
const CASE_LINK = 'None: the case link’s token is the credential, while its person holds the request.';
const html = (description: string) => ({ description, kind: 'html' }) as const;

export const linkRoutes = {
  health: {
    tag: 'Health',
    summary: 'Liveness',
    description: 'No table read: a probe never costs capacity or leaks anything.',
    access: { public: 'None.' },
    answers: {
      200: { description: 'Up.', schema: z.strictObject({ ok: z.literal(true) }), example: { ok: true } },
    },
  },
  'ack-page': {
    tag: 'Links (public)',
    summary: 'The page’s link: confirm page',
    description:
      'Shows the request’s reference, urgency, service and clinic, and two buttons, Accept and Can’t take it. Changes nothing, so link previewers and mail scanners that fetch links are harmless. The person who accepted (for instance by SMS code) gets **Open the case** instead.',
    access: { public: ACK_LINK },
    params: ackToken,
    answers: {
      200: html('The confirm page, or "Open the case" for the person who accepted.'),
      404: html(
        'The link is not valid (mistyped or forged; a deployed stage deletes links about 30 days after their page).',
      ),
      409: html(
        'The link was used already, or the request is no longer waiting (acknowledged by someone, or closed).',
      ),
    },
  },
  'ack-page-submit': {
    tag: 'Links (public)',
    summary: 'Accept or decline from the page’s link',
    description:
      'A plain HTML form post that works without JavaScript. A link is single use: the first post spends it, whatever the answer. Accept leads to the acceptor’s case page; `action=case` (the acceptor’s "Open the case") leads to a fresh case link.',
    access: { public: ACK_LINK },
    params: ackToken,
    form: {
      schema: ackFormSchema,
      description: '`action=acknowledge`, `action=decline` or `action=case`.',
      example: { action: 'acknowledge' },
    },
    answers: {
      200: html('Declined: "The next clinician is being paged".'),
      303: {
        description: 'Accepted (or "Open the case"): to the case page, `?done=accepted`.',
        kind: 'redirect',
      },
      400: html('The form had no valid `action`.'),
      404: html('The link is not valid.'),
      409: html(
        'The link was used already, or why nothing changed (someone else accepted first, the request is closed).',
      ),
      413: html('The form is over 64 KB.'),
    },
  },
  'case-page': {
    tag: 'Links (public)',
    summary: 'The case page',
    description:
      'What whoever accepted sees, on any phone and without JavaScript: the summary, who submitted it, the callback number as a tap-to-call button, the next deadline, the timeline, and the forms **Contacted the caller**, **Resolve** and **Hand back**. It can be reopened any number of times; once the request is closed it is read-only for 24 hours; once passed on or handed back it says "You no longer hold this request", without details.',
    access: { public: CASE_LINK },
    params: caseToken,
    query: z.object({
      done: z
        .enum(['accepted', 'contacted'])
        .optional()
        .meta({ description: 'Set by the redirects: shows what was just done.' }),
    }),
    answers: {
      200: html('The case page (or "closed", or "you no longer hold this request").'),
      404: html('The case link is not valid, or the request closed more than a day ago.'),
    },
  },
  'case-page-submit': {
    tag: 'Links (public)',
    summary: 'Contacted, resolve or hand back from the case page',
    description:
      'The case page’s forms, plain posts: each answers 303 back to the case page, so a reload never posts twice. The note is never logged.',
    access: { public: CASE_LINK },
    params: caseToken,
    form: {
      schema: caseFormSchema,
      description:
        '`action=contacted`; `action=resolve` with `outcome` (required) and `note`; or `action=handback` with `reason` (required).',
      example: { action: 'resolve', outcome: 'safe_plan', note: 'called back, safe plan agreed' },
    },
    answers: {
      200: html('The request is no longer theirs (closed, or passed on): the case page says so.'),
      303: { description: 'Done: back to the case page.', kind: 'redirect' },
      400: html('The form is not valid (no outcome to resolve, no reason to hand back).'),
      404: html('The case link is not valid.'),
      409: html('Why nothing changed.'),
      413: html('The form is over 64 KB.'),
    },
  },
  'cover-page': {
    tag: 'Links (public)',
    summary: 'A cover offer',
    description:
      'What an offered colleague sees from the link in their message, without JavaScript: who asks, the service, the window by the clinic’s clock, the note, and **Take this cover**; or where it stands (taken by them, waiting for approval, taken by someone else, expired, cancelled). Changes nothing.',
    access: { public: COVER_LINK },
    params: coverToken,
    answers: {
      200: html('The offer, or where it stands.'),
      404: html('The link is not valid, or the window it asked to cover has ended.'),
    },
  },
  'cover-page-submit': {
    tag: 'Links (public)',
    summary: 'Take a cover offer from its link',
    description:
      'The offer page’s button, a plain post, as **Take a cover request** with the link’s colleague: 303 back to the offer page, which then says where it stands.',
    access: { public: COVER_LINK },
    params: coverToken,
    form: { schema: coverFormSchema, description: '`action=accept`.', example: { action: 'accept' } },
    answers: {
      303: { description: 'Taken: back to the offer page.', kind: 'redirect' },
      400: html('The form had no valid `action`.'),
      404: html('The link is not valid.'),
      409: html('Why not: someone took it first (named), it expired, or was cancelled.'),
      413: html('The form is over 64 KB.'),
    },
  },
} satisfies Record<string, RouteDoc>;
