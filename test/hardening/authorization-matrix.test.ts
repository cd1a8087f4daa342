// Every route × every kind of caller through real HTTP on the local stack (the authorizer's code, then the
// handler): platform; admin, intake and clinician keys of the clinic that owns the resource and of another
// clinic; no key; a revoked key; malformed keys. Expected statuses come from the route table of docs/api.md
// (roles) and its rules: wrong role in the own clinic 403, another clinic's key always 404, no valid key 401.
// Each cell that can succeed gets fresh state (its own request, key or override). The table is printed.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { routes } from '../../functions/routes.js';
import type { Role } from '../../shared/domain/model.js';
import {
  allOutbox,
  createClinic,
  expectStatus,
  pageFor,
  PLATFORM_KEY,
  startStack,
  submit,
  tokenOf,
  type HardeningStack,
  type TestClinic,
} from './support/local.js';

jest.setTimeout(120_000);

type Caller =
  | 'platform'
  | 'admin'
  | 'admin·other clinic'
  | 'intake'
  | 'intake·other clinic'
  | 'clinician'
  | 'clinician·other clinic'
  | 'no key'
  | 'revoked key'
  | 'malformed key';

const CALLERS: Caller[] = [
  'platform',
  'admin',
  'admin·other clinic',
  'intake',
  'intake·other clinic',
  'clinician',
  'clinician·other clinic',
  'no key',
  'revoked key',
  'malformed key',
];

/** Authorization headers that must never authenticate. */
const MALFORMED = [
  'Bearer',
  'Bearer ',
  'Bearer not a key!',
  'Bearer crk_short',
  `Bearer ${'A'.repeat(300)}`,
  `Bearer crk_${randomBytes(32).toString('base64url')}`, // well-formed, never issued
  'Basic YWRtaW46YWRtaW4=',
  `Token ${PLATFORM_KEY}`,
  `Bearer ${PLATFORM_KEY}x`,
  "Bearer ' OR '1'='1",
];

interface Target {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteCase {
  /** Roles that may call it (the route table of docs/api.md, "Routes"); 'any key': every valid key, any clinic. */
  roles: readonly Role[] | 'public' | 'any key';
  success: number;
  /** A call on clinic A's resource; fresh state for routes that change it. */
  target(a: TestClinic): Promise<Target>;
}

describe(`authorization matrix over HTTP on the local stack (${process.env.DYNAMO_ENGINE})`, () => {
  let h: HardeningStack;
  let a: TestClinic;
  let b: TestClinic;
  let revokedKey = '';
  const table: Array<{ route: string; cells: Record<string, string> }> = [];
  let contactSeq = 0;

  const fresh = {
    request: async () =>
      expectStatus(await submit(h.call, a), 202, 'fixture submit').body.requestId as string,
    acked: async () => {
      const id = await fresh.request();
      expectStatus(
        await h.call('POST', `/v1/clinics/${a.clinicId}/requests/${id}/acknowledge`, {
          key: a.clinicians.c1,
        }),
        200,
        'fixture ack',
      );
      return id;
    },
    keyId: async () =>
      expectStatus(
        await h.call('POST', `/v1/clinics/${a.clinicId}/keys`, {
          key: a.admin,
          body: { role: 'intake', label: 'to revoke' },
        }),
        201,
      ).body.keyId as string,
    overrideId: async () =>
      expectStatus(
        await h.call('POST', `/v1/clinics/${a.clinicId}/services/general/overrides`, {
          key: a.admin,
          body: { clinicianId: 'c2', start: '2027-01-01T08:00:00Z', end: '2027-01-01T20:00:00Z' },
        }),
        201,
      ).body.overrideId as string,
    /** A clinician no service names, so an admin may delete them. */
    clinicianId: async () => {
      const id = `leaver-${fresh.seq++}`;
      expectStatus(
        await h.call('PUT', `/v1/clinics/${a.clinicId}/clinicians/${id}`, {
          key: a.admin,
          body: { name: 'Leaver' },
        }),
        200,
        'fixture clinician',
      );
      return id;
    },
    /** A service nothing falls back to, so an admin may delete it. */
    serviceId: async () => {
      const id = `closing-${fresh.seq++}`;
      expectStatus(
        await h.call('PUT', `/v1/clinics/${a.clinicId}/services/${id}`, {
          key: a.admin,
          body: {
            name: 'Closing',
            rotation: { participants: ['c1'], start: '2026-01-05', handoff: { every: 'day', at: '00:00' } },
            escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
          },
        }),
        200,
        'fixture service',
      );
      return id;
    },
    seq: 0,
    token: async () => {
      const id = await fresh.request();
      return tokenOf(await pageFor(h, id, a.phones.c1 as string));
    },
    /** A new number for c1, added by the admin: its id and the code the outbox got. */
    pendingContact: async () => {
      await fresh.roomForContact();
      const phone = `+4477009${String(10000 + (contactSeq++ % 90000)).padStart(5, '0')}`;
      const added = expectStatus(
        await h.call('POST', `/v1/clinics/${a.clinicId}/clinicians/c1/contacts`, {
          key: a.admin,
          body: { type: 'sms', value: phone },
        }),
        201,
        'fixture contact',
      ).body;
      const code = (await allOutbox(h.call, phone)).findLast((m) => m.purpose === 'verification')?.code ?? '';
      return { contactId: added.contactId as string, code };
    },
    /** c1 keeps at most 10 methods: the matrix's earlier unverified ones go first. */
    roomForContact: async () => {
      const base = `/v1/clinics/${a.clinicId}/clinicians/c1/contacts`;
      const list = expectStatus(await h.call('GET', base, { key: a.admin }), 200).body.contacts as Array<{
        contactId: string;
        verified: boolean;
      }>;
      for (const m of list.filter((x) => !x.verified))
        expectStatus(await h.call('DELETE', `${base}/${m.contactId}`, { key: a.admin }), 204);
    },
    /** c1's verified number (the one createClinic verified). */
    verifiedContact: async () => {
      const list = expectStatus(
        await h.call('GET', `/v1/clinics/${a.clinicId}/clinicians/c1/contacts`, { key: a.admin }),
        200,
      ).body.contacts as Array<{ contactId: string; verified: boolean }>;
      return list.find((m) => m.verified)?.contactId ?? 'none';
    },
    /** The id of clinic A's fallback contact (the duty manager createClinic set). */
    fallbackId: async () => {
      const clinic = expectStatus(
        await h.call('GET', `/v1/clinics/${a.clinicId}`, { key: a.admin }),
        200,
      ).body;
      return (clinic.fallback as Array<{ fallbackId: string }>)[0]?.fallbackId ?? 'none';
    },
    /** A new number for the fallback contact, added by the admin: its id and the code the outbox got. */
    pendingFallbackMethod: async () => {
      const base = await fresh.roomForFallbackMethod();
      const phone = `+4477008${String(10000 + (contactSeq++ % 90000)).padStart(5, '0')}`;
      const added = expectStatus(
        await h.call('POST', base, { key: a.admin, body: { type: 'sms', value: phone } }),
        201,
        'fixture fallback method',
      ).body;
      const code = (await allOutbox(h.call, phone)).findLast((m) => m.purpose === 'verification')?.code ?? '';
      return { base, contactId: added.contactId as string, code };
    },
    /** The fallback contact's methods' path, with the matrix's earlier unverified methods gone. */
    roomForFallbackMethod: async () => {
      const base = `/v1/clinics/${a.clinicId}/fallback-contacts/${await fresh.fallbackId()}/contacts`;
      const list = expectStatus(await h.call('GET', base, { key: a.admin }), 200).body.contacts as Array<{
        contactId: string;
        verified: boolean;
      }>;
      for (const m of list.filter((x) => !x.verified))
        expectStatus(await h.call('DELETE', `${base}/${m.contactId}`, { key: a.admin }), 204);
      return base;
    },
    /** A live feed URL of clinic A's `owner` (`clinicians/c1`, `services/general`), made by its admin. */
    feed: async (owner = 'services/general') =>
      expectStatus(
        await h.call('POST', `/v1/clinics/${a.clinicId}/${owner}/calendar-feed`, { key: a.admin }),
        201,
        'fixture feed',
      ).body.url as string,
    /** A window of clinic A's the admin puts `requesterId` on call for (an override), never used before. */
    coverWindow: async (requesterId: string) => {
      const start = Date.UTC(2027, 2, 1, 0, 0) + fresh.seq++ * 3 * 3_600_000;
      const window = {
        start: new Date(start).toISOString(),
        end: new Date(start + 2 * 3_600_000).toISOString(),
      };
      expectStatus(
        await h.call('POST', `/v1/clinics/${a.clinicId}/services/general/overrides`, {
          key: a.admin,
          body: { clinicianId: requesterId, ...window },
        }),
        201,
        'fixture cover override',
      );
      return window;
    },
    /** An open cover request of `requesterId`'s, offered to the other clinician. */
    cover: async (requesterId: string) =>
      expectStatus(
        await h.call('POST', `/v1/clinics/${a.clinicId}/services/general/cover-requests`, {
          key: a.admin,
          body: { ...(await fresh.coverWindow(requesterId)), requesterId },
        }),
        201,
        'fixture cover request',
      ).body.coverId as string,
    /** c1's cover request, taken by c2: waiting for the admin (clinic A requires approval). */
    coverAwaitingApproval: async () => {
      // Set each time: the put-clinic and put-clinic-settings rows rewrite clinic A's settings.
      const clinic = expectStatus(
        await h.call('GET', `/v1/clinics/${a.clinicId}`, { key: a.admin }),
        200,
      ).body;
      expectStatus(
        await h.call('PUT', `/v1/clinics/${a.clinicId}/settings`, {
          key: a.admin,
          body: {
            name: clinic.name,
            fallback: (clinic.fallback as Array<{ fallbackId: string; name: string; phone: string }>).map(
              ({ fallbackId, name, phone }) => ({ fallbackId, name, phone }),
            ),
            fallbackRepeatSeconds: clinic.fallbackRepeatSeconds,
            coverApproval: 'admin',
          },
        }),
        200,
        'cover approval on',
      );
      const coverId = await fresh.cover('c1');
      expectStatus(
        await h.call('POST', `/v1/clinics/${a.clinicId}/cover-requests/${coverId}/accept`, {
          key: a.clinicians.c2,
        }),
        200,
        'fixture cover accept',
      );
      return coverId;
    },
    /** The link of c1's newest cover offer to c2, from the outbox. */
    coverToken: async () => {
      await fresh.cover('c1');
      const offer = (await allOutbox(h.call, a.phones.c2)).findLast((m) => m.ackUrl.includes('/cover/'));
      return offer?.ackUrl.split('/cover/')[1] ?? 'none';
    },
    /** The case link the acceptor gets with an API acknowledgement. */
    caseToken: async () => {
      const id = await fresh.request();
      const acked = await h.call('POST', `/v1/clinics/${a.clinicId}/requests/${id}/acknowledge`, {
        key: a.clinicians.c1,
      });
      return String(expectStatus(acked, 200, 'fixture ack').body.caseUrl).split('/case/')[1] ?? '';
    },
  };

  const cases: Record<string, RouteCase> = {
    health: { roles: 'public', success: 200, target: async () => ({ method: 'GET', path: '/health' }) },
    // The VAPID public key: no clinic's data, so any valid key reads it, and no key gets nothing.
    'get-push-key': {
      roles: 'any key',
      success: 200,
      target: async () => ({ method: 'GET', path: '/v1/push-key' }),
    },
    'put-clinic': {
      roles: ['platform'],
      success: 200,
      target: async (c) => ({
        method: 'PUT',
        path: `/v1/clinics/${c.clinicId}`,
        body: {
          name: `Clinic ${c.clinicId}`,
          timezone: 'Europe/London',
          fallback: [{ name: 'Duty manager', phone: c.fallbackPhone }],
        },
      }),
    },
    'get-clinic': {
      roles: ['platform', 'admin', 'intake'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}` }),
    },
    'create-key': {
      roles: ['platform', 'admin'],
      success: 201,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/keys`,
        body: { role: 'intake', label: 'matrix' },
      }),
    },
    'revoke-key': {
      roles: ['platform', 'admin'],
      success: 204,
      target: async (c) => ({
        method: 'DELETE',
        path: `/v1/clinics/${c.clinicId}/keys/${await fresh.keyId()}`,
      }),
    },
    'list-keys': {
      roles: ['platform', 'admin'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/keys?limit=5` }),
    },
    'get-key': {
      roles: ['platform', 'admin'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/keys/${await fresh.keyId()}` }),
    },
    'delete-clinician': {
      roles: ['admin'],
      success: 204,
      target: async (c) => ({
        method: 'DELETE',
        path: `/v1/clinics/${c.clinicId}/clinicians/${await fresh.clinicianId()}`,
      }),
    },
    'delete-service': {
      roles: ['admin'],
      success: 204,
      target: async (c) => ({
        method: 'DELETE',
        path: `/v1/clinics/${c.clinicId}/services/${await fresh.serviceId()}`,
      }),
    },
    'list-overrides': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/services/general/overrides` }),
    },
    'get-override': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({
        method: 'GET',
        path: `/v1/clinics/${c.clinicId}/services/general/overrides/${await fresh.overrideId()}`,
      }),
    },
    'put-override': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({
        method: 'PUT',
        path: `/v1/clinics/${c.clinicId}/services/general/overrides/${await fresh.overrideId()}`,
        body: { clinicianId: 'c1', start: '2027-01-01T08:00:00Z', end: '2027-01-02T08:00:00Z' },
      }),
    },
    'put-clinician': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({
        method: 'PUT',
        path: `/v1/clinics/${c.clinicId}/clinicians/c1`,
        body: { name: `Clinician C1 of ${c.clinicId}`, phone: c.phones.c1 },
      }),
    },
    'get-clinician': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/clinicians/c1` }),
    },
    // Clearing a channel that is not marked broken is a success too, so every allowed call can repeat.
    'clear-broken-contact': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({
        method: 'DELETE',
        path: `/v1/clinics/${c.clinicId}/clinicians/c1/broken-contacts/sms`,
      }),
    },
    // The clinic's admin and the clinician's own key (c1's) manage c1's contact methods.
    'list-contacts': {
      roles: ['admin', 'clinician'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/clinicians/c1/contacts` }),
    },
    'add-contact': {
      roles: ['admin', 'clinician'],
      success: 201,
      target: async (c) => {
        await fresh.roomForContact();
        return {
          method: 'POST',
          path: `/v1/clinics/${c.clinicId}/clinicians/c1/contacts`,
          body: { type: 'sms', value: `+4477009${String(10000 + (contactSeq++ % 90000)).padStart(5, '0')}` },
        };
      },
    },
    'verify-contact': {
      roles: ['admin', 'clinician'],
      success: 200,
      target: async (c) => {
        const { contactId, code } = await fresh.pendingContact();
        return {
          method: 'POST',
          path: `/v1/clinics/${c.clinicId}/clinicians/c1/contacts/${contactId}/verify`,
          body: { code },
        };
      },
    },
    'test-contact': {
      roles: ['admin', 'clinician'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/clinicians/c1/contacts/${await fresh.verifiedContact()}/test`,
      }),
    },
    'remove-contact': {
      roles: ['admin', 'clinician'],
      success: 204,
      target: async (c) => ({
        method: 'DELETE',
        path: `/v1/clinics/${c.clinicId}/clinicians/c1/contacts/${(await fresh.pendingContact()).contactId}`,
      }),
    },
    'put-notification-rules': {
      roles: ['admin', 'clinician'],
      success: 200,
      target: async (c) => ({
        method: 'PUT',
        path: `/v1/clinics/${c.clinicId}/clinicians/c1/notification-rules`,
        body: { rules: [{ contactId: await fresh.verifiedContact(), afterSeconds: 0 }] },
      }),
    },
    'list-clinicians': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/clinicians` }),
    },
    'put-service': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({
        method: 'PUT',
        path: `/v1/clinics/${c.clinicId}/services/general`,
        body: {
          name: 'General',
          rotation: {
            participants: ['c1', 'c2'],
            start: '2026-01-05',
            handoff: { every: 'day', at: '00:00' },
          },
          escalation: {
            levels: [
              { notify: { clinicianId: 'c1' }, ackTimeoutSeconds: 3600 },
              { notify: { clinicianId: 'c2' }, ackTimeoutSeconds: 3600 },
            ],
            repeat: 0,
          },
        },
      }),
    },
    'get-service': {
      roles: ['admin', 'intake'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/services/general` }),
    },
    'list-services': {
      roles: ['admin', 'intake'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/services` }),
    },
    'create-override': {
      roles: ['admin'],
      success: 201,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/services/general/overrides`,
        body: { clinicianId: 'c2', start: '2027-02-01T08:00:00Z', end: '2027-02-01T20:00:00Z' },
      }),
    },
    'delete-override': {
      roles: ['admin'],
      success: 204,
      target: async (c) => ({
        method: 'DELETE',
        path: `/v1/clinics/${c.clinicId}/services/general/overrides/${await fresh.overrideId()}`,
      }),
    },
    'create-cover-request': {
      roles: ['admin', 'clinician'],
      success: 201,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/services/general/cover-requests`,
        body: { ...(await fresh.coverWindow('c1')), requesterId: 'c1' },
      }),
    },
    'list-cover-requests': {
      roles: ['admin', 'clinician'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/cover-requests?state=open` }),
    },
    'get-cover-request': {
      roles: ['admin', 'clinician'],
      success: 200,
      target: async (c) => ({
        method: 'GET',
        path: `/v1/clinics/${c.clinicId}/cover-requests/${await fresh.cover('c1')}`,
      }),
    },
    // The matrix's clinician is c1: c2's request was offered to her.
    'accept-cover-request': {
      roles: ['clinician'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/cover-requests/${await fresh.cover('c2')}/accept`,
      }),
    },
    'review-cover-request': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/cover-requests/${await fresh.coverAwaitingApproval()}/review`,
        body: { decision: 'approve' },
      }),
    },
    'cancel-cover-request': {
      roles: ['admin', 'clinician'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/cover-requests/${await fresh.cover('c1')}/cancel`,
      }),
    },
    'get-oncall': {
      roles: ['admin', 'intake'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/services/general/oncall` }),
    },
    'get-shifts': {
      roles: ['admin', 'intake'],
      success: 200,
      target: async (c) => ({
        method: 'GET',
        path: `/v1/clinics/${c.clinicId}/services/general/shifts?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z`,
      }),
    },
    'get-gaps': {
      roles: ['admin', 'intake'],
      success: 200,
      target: async (c) => ({
        method: 'GET',
        path: `/v1/clinics/${c.clinicId}/services/general/gaps?days=7`,
      }),
    },
    'get-fairness-report': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({
        method: 'GET',
        path: `/v1/clinics/${c.clinicId}/reports/fairness?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&format=csv`,
      }),
    },
    'submit-request': {
      roles: ['intake'],
      success: 202,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/requests`,
        body: { serviceId: 'general', urgency: 'urgent', summary: 'Matrix caller needs a call back' },
        headers: { 'Idempotency-Key': `matrix-${randomBytes(8).toString('hex')}` },
      }),
    },
    // The clinic's queue: the hotline and admins, never a clinician (it lists requests they were not paged for).
    'list-requests': {
      roles: ['intake', 'admin'],
      success: 200,
      target: async (c) => ({ method: 'GET', path: `/v1/clinics/${c.clinicId}/requests?status=all&limit=5` }),
    },
    // Intake, admin, and a clinician who was paged for it (docs/api.md, "Routes"). The clinician key is c1's,
    // who accepted it.
    'get-request': {
      roles: ['intake', 'admin', 'clinician'],
      success: 200,
      target: async (c) => ({
        method: 'GET',
        path: `/v1/clinics/${c.clinicId}/requests/${await fresh.acked()}`,
      }),
    },
    'acknowledge-request': {
      roles: ['clinician'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/requests/${await fresh.request()}/acknowledge`,
      }),
    },
    'decline-request': {
      roles: ['clinician'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/requests/${await fresh.request()}/decline`,
      }),
    },
    'resolve-request': {
      roles: ['clinician'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/requests/${await fresh.acked()}/resolve`,
        body: { note: 'called back' },
      }),
    },
    'contacted-request': {
      roles: ['clinician'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/requests/${await fresh.acked()}/contacted`,
      }),
    },
    'handback-request': {
      roles: ['clinician'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/requests/${await fresh.acked()}/handback`,
        body: { reason: 'called into a session' },
      }),
    },
    'cancel-request': {
      roles: ['intake', 'admin'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/requests/${await fresh.request()}/cancel`,
      }),
    },
    // The clinic admin edits everything but the time zone (which stays the platform's, on put-clinic).
    'put-clinic-settings': {
      roles: ['platform', 'admin'],
      success: 200,
      target: async (c) => ({
        method: 'PUT',
        path: `/v1/clinics/${c.clinicId}/settings`,
        body: {
          name: `Clinic ${c.clinicId}`,
          fallback: [{ name: 'Duty manager', phone: c.fallbackPhone }],
          fallbackRepeatSeconds: 3600,
          emergencyProtocol: 'Call 999 if the caller is in immediate danger.',
        },
      }),
    },
    // A fallback contact has no key of its own: its methods are the clinic admin's alone.
    'list-fallback-contact-methods': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({
        method: 'GET',
        path: `/v1/clinics/${c.clinicId}/fallback-contacts/${await fresh.fallbackId()}/contacts`,
      }),
    },
    'add-fallback-contact-method': {
      roles: ['admin'],
      success: 201,
      target: async () => {
        return {
          method: 'POST',
          path: await fresh.roomForFallbackMethod(),
          body: { type: 'sms', value: `+4477008${String(10000 + (contactSeq++ % 90000)).padStart(5, '0')}` },
        };
      },
    },
    'verify-fallback-contact-method': {
      roles: ['admin'],
      success: 200,
      target: async () => {
        const { base, contactId, code } = await fresh.pendingFallbackMethod();
        return { method: 'POST', path: `${base}/${contactId}/verify`, body: { code } };
      },
    },
    // The settings number is a method too: tested, never removed here.
    'test-fallback-contact-method': {
      roles: ['admin'],
      success: 200,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/fallback-contacts/${await fresh.fallbackId()}/contacts/settings-sms/test`,
      }),
    },
    'remove-fallback-contact-method': {
      roles: ['admin'],
      success: 204,
      target: async () => {
        const { base, contactId } = await fresh.pendingFallbackMethod();
        return { method: 'DELETE', path: `${base}/${contactId}` };
      },
    },
    // A clinician's own feed: the admin's, or the clinician's own key (c1's).
    'create-clinician-feed': {
      roles: ['admin', 'clinician'],
      success: 201,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/clinicians/c1/calendar-feed`,
      }),
    },
    'revoke-clinician-feed': {
      roles: ['admin', 'clinician'],
      success: 204,
      target: async (c) => {
        await fresh.feed(`clinicians/c1`);
        return { method: 'DELETE', path: `/v1/clinics/${c.clinicId}/clinicians/c1/calendar-feed` };
      },
    },
    'create-service-feed': {
      roles: ['admin'],
      success: 201,
      target: async (c) => ({
        method: 'POST',
        path: `/v1/clinics/${c.clinicId}/services/general/calendar-feed`,
      }),
    },
    'revoke-service-feed': {
      roles: ['admin'],
      success: 204,
      target: async (c) => {
        await fresh.feed('services/general');
        return { method: 'DELETE', path: `/v1/clinics/${c.clinicId}/services/general/calendar-feed` };
      },
    },
    // The feed's secret URL is the credential: a bearer key (valid or not) neither helps nor hurts.
    'get-calendar-feed': {
      roles: 'public',
      success: 200,
      target: async () => {
        const url = new URL(await fresh.feed());
        return { method: 'GET', path: `${url.pathname}${url.search}` };
      },
    },
    // The case link too: only whoever holds it sees the case, whatever key comes with it.
    'case-page': {
      roles: 'public',
      success: 200,
      target: async () => ({ method: 'GET', path: `/case/${await fresh.caseToken()}` }),
    },
    // Posts "contacted", then the redirect back to the case page answers 200.
    'case-page-submit': {
      roles: 'public',
      success: 200,
      target: async () => ({
        method: 'POST',
        path: `/case/${await fresh.caseToken()}`,
        body: 'action=contacted',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    },
    // A cover offer's link is its colleague's credential, as an ack link is.
    'cover-page': {
      roles: 'public',
      success: 200,
      target: async () => ({ method: 'GET', path: `/cover/${await fresh.coverToken()}` }),
    },
    // Takes it, then the redirect back to the offer page answers 200.
    'cover-page-submit': {
      roles: 'public',
      success: 200,
      target: async () => ({
        method: 'POST',
        path: `/cover/${await fresh.coverToken()}`,
        body: 'action=accept',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    },
    // The link carries its own credential: a bearer key (valid or not) neither helps nor hurts.
    'ack-page': {
      roles: 'public',
      success: 200,
      target: async () => ({ method: 'GET', path: `/ack/${await fresh.token()}` }),
    },
    'ack-page-submit': {
      roles: 'public',
      success: 200,
      target: async () => ({
        method: 'POST',
        path: `/ack/${await fresh.token()}`,
        body: 'action=acknowledge',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    },
  };

  function keyOf(caller: Caller): string | null {
    switch (caller) {
      case 'platform':
        return PLATFORM_KEY;
      case 'admin':
        return a.admin;
      case 'admin·other clinic':
        return b.admin;
      case 'intake':
        return a.intake;
      case 'intake·other clinic':
        return b.intake;
      case 'clinician':
        return a.clinicians.c1 as string;
      case 'clinician·other clinic':
        return b.clinicians.c1 as string;
      case 'revoked key':
        return revokedKey;
      default:
        return null;
    }
  }

  function expected(route: RouteCase, caller: Caller): number {
    if (route.roles === 'public') return route.success;
    if (caller === 'no key' || caller === 'revoked key' || caller === 'malformed key') return 401;
    if (route.roles === 'any key') return route.success;
    if (caller.endsWith('·other clinic')) return 404; // no existence leak, whatever the role
    return route.roles.includes(caller as Role) ? route.success : 403;
  }

  async function send(target: Target, authorization: string | null) {
    const headers: Record<string, string> = { ...target.headers };
    if (authorization !== null) headers.authorization = authorization;
    let body: string | undefined;
    if (target.body !== undefined) {
      body = typeof target.body === 'string' ? target.body : JSON.stringify(target.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${h.stack.url}${target.path}`, { method: target.method, headers, body });
    return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') };
  }

  beforeAll(async () => {
    h = await startStack();
    a = await createClinic(h.call, 'tenant-a', 40);
    b = await createClinic(h.call, 'tenant-b', 41);
    const doomed = expectStatus(
      await h.call('POST', `/v1/clinics/${a.clinicId}/keys`, {
        key: a.admin,
        body: { role: 'admin', label: 'leaver' },
      }),
      201,
    ).body;
    expectStatus(
      await h.call('DELETE', `/v1/clinics/${a.clinicId}/keys/${doomed.keyId}`, { key: a.admin }),
      204,
    );
    revokedKey = doomed.key;
  });
  afterAll(async () => {
    const width = Math.max(...table.map((r) => r.route.length));
    const head = `${'route'.padEnd(width)} | ${CALLERS.map((c) => c.padEnd(Math.max(c.length, 3))).join(' | ')}`;
    const rows = table.map(
      (r) =>
        `${r.route.padEnd(width)} | ${CALLERS.map((c) => (r.cells[c] ?? '').padEnd(Math.max(c.length, 3))).join(' | ')}`,
    );
    console.log(
      `authorization matrix (status per caller on clinic A's resources; "other clinic" = clinic B's key; ` +
        `malformed = ${MALFORMED.length} bad Authorization headers):\n${head}\n${'-'.repeat(head.length)}\n${rows.join('\n')}`,
    );
    await h?.close();
  });

  it('covers every route of functions/routes.ts', () => {
    expect(Object.keys(cases).sort()).toEqual(routes.map((r) => r.name).sort());
  });

  it.each(routes.map((r) => [r.name, `${r.method} ${r.path}`]))(
    '%s (%s): each caller gets the expected status',
    async (name) => {
      const route = cases[name] as RouteCase;
      const cells: Record<string, string> = {};
      const wrong: string[] = [];
      for (const caller of CALLERS) {
        const want = expected(route, caller);
        const headers =
          caller === 'malformed key'
            ? MALFORMED
            : [keyOf(caller) === null ? null : `Bearer ${keyOf(caller)}`];
        const got: number[] = [];
        for (const authorization of headers) {
          const target = await route.target(a);
          const reply = await send(target, authorization);
          got.push(reply.status);
          if (reply.status !== want)
            wrong.push(
              `${caller} ${authorization?.slice(0, 30) ?? ''}: ${reply.status} (want ${want}) ${reply.text.slice(0, 120)}`,
            );
          if (reply.status >= 400 && reply.contentType?.startsWith('application/json')) {
            const error = JSON.parse(reply.text).error;
            expect(Object.keys(error)).toEqual(expect.arrayContaining(['code', 'message']));
          }
        }
        const distinct = [...new Set(got)];
        cells[caller] =
          distinct.length === 1 && distinct[0] === want ? String(want) : `${distinct.join('/')}≠${want}`;
      }
      table.push({ route: name, cells });
      expect(wrong).toEqual([]);
    },
  );

  it('answers another clinic’s key the same 404 whether the resource exists or not (no existence leak)', async () => {
    const real = await fresh.acked();
    const paths = (id: string) => [
      `/v1/clinics/${a.clinicId}/requests/${id}`,
      `/v1/clinics/${a.clinicId}/requests/${id}/cancel`,
      `/v1/clinics/${a.clinicId}/requests/${id}/resolve`,
    ];
    for (const key of [b.admin, b.intake, b.clinicians.c1 as string]) {
      const [onReal, onMissing, onNoClinic] = await Promise.all([
        Promise.all(paths(real).map((p) => h.call(p.endsWith(real) ? 'GET' : 'POST', p, { key }))),
        Promise.all(
          paths('req_doesnotexist000000').map((p) =>
            h.call(p.endsWith('000000') ? 'GET' : 'POST', p, { key }),
          ),
        ),
        Promise.all(
          paths(real).map((p) =>
            h.call(p.endsWith(real) ? 'GET' : 'POST', p.replace(a.clinicId, 'no-such-clinic'), { key }),
          ),
        ),
      ]);
      for (const [i, reply] of onReal.entries()) {
        expect(reply.status).toBe(404);
        expect(reply.text).toBe(onMissing[i]?.text);
        expect(reply.text).toBe(onNoClinic[i]?.text);
      }
    }
    // And clinic A's own key on clinic B's URL with A's request id: 404 too.
    expect(
      (await h.call('GET', `/v1/clinics/${b.clinicId}/requests/${real}`, { key: a.intake })).status,
    ).toBe(404);
  });

  it('hides a request from a never-paged clinician of the same clinic, and its details from the paged one until she accepts', async () => {
    const id = await fresh.request();
    // c2 was never paged (c1 is level 1): the request is hidden from c2.
    expect(
      (await h.call('GET', `/v1/clinics/${a.clinicId}/requests/${id}`, { key: a.clinicians.c2 })).status,
    ).toBe(404);
    expect(
      (await h.call('POST', `/v1/clinics/${a.clinicId}/requests/${id}/acknowledge`, { key: a.clinicians.c2 }))
        .status,
    ).toBe(403);
    expect(
      (await h.call('POST', `/v1/clinics/${a.clinicId}/requests/${id}/resolve`, { key: a.clinicians.c2 }))
        .status,
    ).toBe(404);
    const view = expectStatus(
      await h.call('GET', `/v1/clinics/${a.clinicId}/requests/${id}`, { key: a.clinicians.c1 }),
      200,
    ).body;
    expect(view).not.toHaveProperty('summary');
    expect(view).not.toHaveProperty('callbackPhone');
  });
});
