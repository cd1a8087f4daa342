// Calendar feeds over HTTP on the local stack, on the harness's DynamoDB engine: a clinician makes a feed
// of their own shifts and an admin one of a service; a calendar app reads them without a key; every event
// read back by ical.js matches /shifts to the second; a new URL ends the old one; revoke ends it too; and
// nobody reaches another clinic's feeds or another person's.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { client, stackOptions, type Call } from './http.js';
import { expectStatus, twoPersonClinic } from './two-person-clinic.js';

const ENGINE = process.env.DYNAMO_ENGINE;
const TIMEOUT = 60_000;
const C = 'feeds';
const PHONES = { ana: '+447700900401', ben: '+447700900402' };

let stack: LocalStack;
let cleanup: () => Promise<void>;
let call: Call;
let admin = '';
let intake = '';
let anaKey = '';
let otherAdmin = '';

/** Reads a feed as a calendar app would: no key, just the URL. */
async function fetchFeed(url: string) {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

function eventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  const events = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  ICAL.TimezoneService.reset();
  return events.map((e) => ({
    uid: e.uid,
    summary: e.summary,
    start: e.startDate.toJSDate().toISOString(),
    end: e.endDate.toJSDate().toISOString(),
  }));
}

beforeAll(async () => {
  const options = await stackOptions(false);
  cleanup = options.cleanup;
  stack = await startLocalStack(options);
  call = client(stack.url);
  ({ admin, intake } = await twoPersonClinic(call, C));
  // Verified numbers: only a reachable clinician is on call, in the feed as on /shifts.
  for (const [who, phone] of Object.entries(PHONES)) {
    const added = expectStatus(
      await call('POST', `/v1/clinics/${C}/clinicians/${who}/contacts`, {
        key: admin,
        body: { type: 'sms', value: phone },
      }),
      201,
    ).body;
    const code = stack.outbox.list({ phone }).at(-1)?.code ?? '';
    expectStatus(
      await call('POST', `/v1/clinics/${C}/clinicians/${who}/contacts/${added.contactId}/verify`, {
        key: admin,
        body: { code },
      }),
      200,
    );
  }
  anaKey = expectStatus(
    await call('POST', `/v1/clinics/${C}/keys`, {
      key: admin,
      body: { role: 'clinician', clinicianId: 'ana', label: 'ana phone' },
    }),
    201,
  ).body.key;
  ({ admin: otherAdmin } = await twoPersonClinic(call, 'other-feeds'));
}, TIMEOUT);

afterAll(async () => {
  await stack?.close();
  await cleanup?.();
});

describe(`calendar feeds over HTTP on ${ENGINE}`, () => {
  it(
    'a clinician’s own feed: 201 with a URL holding no key; read without a key, it is exactly their /shifts',
    async () => {
      const made = expectStatus(
        await call('POST', `/v1/clinics/${C}/clinicians/ana/calendar-feed`, { key: anaKey }),
        201,
      ).body;
      const url = new URL(made.url);
      expect(url.pathname).toBe('/calendar.ics');
      expect(url.searchParams.get('feed')).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(made.url).not.toContain(anaKey);
      const feed = await fetchFeed(made.url);
      expect(feed.status).toBe(200);
      expect(feed.type).toMatch(/^text\/calendar/);
      const events = eventsOf(feed.text);
      expect(events.length).toBeGreaterThan(40); // every other day over 97 days
      // /shifts answers at most 92 days at a time: compare the events that end within 92 days of the first.
      const from = events[0]?.start ?? '';
      const to = new Date(Date.parse(from) + 92 * 86_400_000).toISOString();
      const shifts = expectStatus(
        await call(
          'GET',
          `/v1/clinics/${C}/services/general/shifts?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
          { key: admin },
        ),
        200,
      ).body.shifts.filter(
        (s: { clinicianId: string; end: string }) => s.clinicianId === 'ana' && s.end < to,
      );
      expect(events.filter((e) => e.end < to).map((e) => [e.start, e.end])).toEqual(
        shifts.map((s: { start: string; end: string }) => [s.start, s.end]),
      );
      expect(events[0]?.summary).toBe(`On call: General, Clinic ${C}`);
    },
    TIMEOUT,
  );

  it(
    'a new URL ends the old one at once; revoke ends the new one; revoking again is 404',
    async () => {
      const first = expectStatus(
        await call('POST', `/v1/clinics/${C}/services/general/calendar-feed`, { key: admin }),
        201,
      ).body.url as string;
      expect((await fetchFeed(first)).status).toBe(200);
      const second = expectStatus(
        await call('POST', `/v1/clinics/${C}/services/general/calendar-feed`, { key: admin }),
        201,
      ).body.url as string;
      expect(second).not.toBe(first);
      expect((await fetchFeed(first)).status).toBe(404);
      const events = eventsOf((await fetchFeed(second)).text);
      expect(new Set(events.map((e) => e.summary.replace(/: .*/, '')))).toEqual(new Set(['On call']));
      expectStatus(
        await call('DELETE', `/v1/clinics/${C}/services/general/calendar-feed`, { key: admin }),
        204,
      );
      const gone = await fetchFeed(second);
      expect(gone.status).toBe(404);
      expect(gone.text).toMatch(/does not exist or was replaced/);
      expectStatus(
        await call('DELETE', `/v1/clinics/${C}/services/general/calendar-feed`, { key: admin }),
        404,
      );
    },
    TIMEOUT,
  );

  it(
    'who may: another clinician’s feed is 403, a service feed is the admin’s, another clinic answers 404',
    async () => {
      expectStatus(await call('POST', `/v1/clinics/${C}/clinicians/ben/calendar-feed`, { key: anaKey }), 403);
      expectStatus(
        await call('POST', `/v1/clinics/${C}/services/general/calendar-feed`, { key: anaKey }),
        403,
      );
      expectStatus(
        await call('POST', `/v1/clinics/${C}/services/general/calendar-feed`, { key: intake }),
        403,
      );
      expectStatus(
        await call('POST', `/v1/clinics/${C}/services/general/calendar-feed`, { key: otherAdmin }),
        404,
      );
      expectStatus(
        await call('POST', `/v1/clinics/${C}/clinicians/nobody/calendar-feed`, { key: admin }),
        404,
      );
      expect((await fetchFeed(`${stack.url}/calendar.ics?feed=not-a-real-feed-token-0000000`)).status).toBe(
        404,
      );
      expect((await fetchFeed(`${stack.url}/calendar.ics`)).status).toBe(404);
    },
    TIMEOUT,
  );
});
