import * as z from 'zod';
import { clinicianParams, serviceParams } from '../../../functions/http/params.js';
import type { RouteDoc } from '../route-doc.js';
import { instant } from '../views/common.js';

const createdFeedSchema = z
  .strictObject({
    url: z
      .url()
      .meta({ description: 'The feed’s secret URL: whoever has it reads the feed, without a key.' }),
    createdAt: instant(),
  })
  .meta({ id: 'CalendarFeed' });

const created = {
  description: 'The new feed’s URL; any earlier URL of the same feed stops working.',
  schema: createdFeedSchema,
  example: {
    url: 'https://crisis.example.org/calendar.ics?feed=Hk3mQ9xLwYb3k9QwZ1a7ZxZHcEMDXGzU',
    createdAt: '2026-11-30T12:00:00.000Z',
  },
};

const NEW_URL =
  'Each call makes a new URL and ends the one before. The feed shows the past week and the next 90 days, in the clinic’s time zone.';

export const feedRoutes = {
  'create-clinician-feed': {
    tag: 'Calendar feeds',
    summary: "A calendar feed of a clinician's on-call shifts",
    description: `The clinician’s own shifts, primary and secondary, overrides included. ${NEW_URL}`,
    access: {
      roles: ['admin', 'clinician'],
      rule: 'A clinician key only for its own shifts (another clinician’s: 403).',
    },
    params: clinicianParams,
    answers: { 201: created },
    errors: { 409: 'The feed was changed by someone else at the same time: try again.' },
  },
  'revoke-clinician-feed': {
    tag: 'Calendar feeds',
    summary: "Revoke a clinician's calendar feed",
    description: 'Its URL stops working at once.',
    access: {
      roles: ['admin', 'clinician'],
      rule: 'A clinician key only for its own feed (another clinician’s: 403).',
    },
    params: clinicianParams,
    answers: { 204: { description: 'Revoked.', kind: 'empty' } },
    errors: { 404: 'No such clinician, or they have no feed.' },
  },
  'create-service-feed': {
    tag: 'Calendar feeds',
    summary: "A calendar feed of a service's rota",
    description: `Everyone’s shifts of the service, and its gaps. ${NEW_URL}`,
    access: { roles: ['admin'] },
    params: serviceParams,
    answers: { 201: created },
    errors: { 409: 'The feed was changed by someone else at the same time: try again.' },
  },
  'revoke-service-feed': {
    tag: 'Calendar feeds',
    summary: "Revoke a service's calendar feed",
    description: 'Its URL stops working at once.',
    access: { roles: ['admin'] },
    params: serviceParams,
    answers: { 204: { description: 'Revoked.', kind: 'empty' } },
    errors: { 404: 'No such service, or it has no feed.' },
  },
  'get-calendar-feed': {
    tag: 'Calendar feeds',
    summary: 'Read a calendar feed',
    description:
      'The feed as iCalendar (RFC 5545), for calendar apps: `cache-control: private, max-age=300`. It names people and times only, never a request.',
    access: { public: 'None: the `feed` token in the URL is the credential, for that one feed.' },
    query: z.object({
      feed: z
        .string()
        .meta({ description: 'The token of the feed’s URL, as `POST …/calendar-feed` gave it.' }),
    }),
    answers: {
      200: { description: 'The feed.', kind: 'calendar' },
      404: { description: 'No such feed, or it was replaced or revoked.', kind: 'text' },
    },
  },
} satisfies Record<string, RouteDoc>;
