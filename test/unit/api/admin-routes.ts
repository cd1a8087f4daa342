// The admin routes of functions/routes.ts, each with its handler factory and one valid call against the
// world of fakes.ts, so tests can sweep every route with every kind of caller.
import type { Logger } from '@aws-lambda-powertools/logger';
import { createHandler as clearBrokenContact } from '../../../functions/clear-broken-contact/handler.js';
import { createHandler as createKey } from '../../../functions/create-key/handler.js';
import { createHandler as createOverride } from '../../../functions/create-override/handler.js';
import { createHandler as deleteOverride } from '../../../functions/delete-override/handler.js';
import { createHandler as getClinic } from '../../../functions/get-clinic/handler.js';
import { createHandler as getClinician } from '../../../functions/get-clinician/handler.js';
import { createHandler as getOncall } from '../../../functions/get-oncall/handler.js';
import { createHandler as getService } from '../../../functions/get-service/handler.js';
import { createHandler as getShifts } from '../../../functions/get-shifts/handler.js';
import { createHandler as getGaps } from '../../../functions/get-gaps/handler.js';
import { createHandler as getFairnessReport } from '../../../functions/get-fairness-report/handler.js';
import type { HttpHandler } from '../../../functions/http/http-route.js';
import { createHandler as listClinicians } from '../../../functions/list-clinicians/handler.js';
import { createHandler as listServices } from '../../../functions/list-services/handler.js';
import { createHandler as putClinic } from '../../../functions/put-clinic/handler.js';
import { createHandler as putClinician } from '../../../functions/put-clinician/handler.js';
import { createHandler as putService } from '../../../functions/put-service/handler.js';
import { createHandler as revokeKey } from '../../../functions/revoke-key/handler.js';
import { routes } from '../../../functions/routes.js';
import type { ContactDeps } from '../../../shared/app/contacts/contact-deps.js';
import { createHandler as listContacts } from '../../../functions/list-contacts/handler.js';
import { createHandler as addContact } from '../../../functions/add-contact/handler.js';
import { createHandler as verifyContact } from '../../../functions/verify-contact/handler.js';
import { createHandler as testContact } from '../../../functions/test-contact/handler.js';
import { createHandler as removeContact } from '../../../functions/remove-contact/handler.js';
import { createHandler as putNotificationRules } from '../../../functions/put-notification-rules/handler.js';
import { createHandler as createClinicianFeed } from '../../../functions/create-clinician-feed/handler.js';
import { createHandler as revokeClinicianFeed } from '../../../functions/revoke-clinician-feed/handler.js';
import { createHandler as createServiceFeed } from '../../../functions/create-service-feed/handler.js';
import { createHandler as revokeServiceFeed } from '../../../functions/revoke-service-feed/handler.js';
import { createHandler as putClinicSettings } from '../../../functions/put-clinic-settings/handler.js';
import { createHandler as listFallbackMethods } from '../../../functions/list-fallback-contact-methods/handler.js';
import { createHandler as addFallbackMethod } from '../../../functions/add-fallback-contact-method/handler.js';
import { createHandler as verifyFallbackMethod } from '../../../functions/verify-fallback-contact-method/handler.js';
import { createHandler as testFallbackMethod } from '../../../functions/test-fallback-contact-method/handler.js';
import { createHandler as removeFallbackMethod } from '../../../functions/remove-fallback-contact-method/handler.js';
import { fallbackIdOf, SETTINGS_SMS_ID } from '../../../shared/domain/fallback-contacts.js';
import { createHandler as listKeys } from '../../../functions/list-keys/handler.js';
import { createHandler as getKey } from '../../../functions/get-key/handler.js';
import { createHandler as deleteClinician } from '../../../functions/delete-clinician/handler.js';
import { createHandler as deleteService } from '../../../functions/delete-service/handler.js';
import { createHandler as listOverrides } from '../../../functions/list-overrides/handler.js';
import { createHandler as getOverride } from '../../../functions/get-override/handler.js';
import { createHandler as putOverride } from '../../../functions/put-override/handler.js';
import { createHandler as createCoverRequest } from '../../../functions/create-cover-request/handler.js';
import { createHandler as listCoverRequests } from '../../../functions/list-cover-requests/handler.js';
import { createHandler as getCoverRequest } from '../../../functions/get-cover-request/handler.js';
import { createHandler as acceptCoverRequest } from '../../../functions/accept-cover-request/handler.js';
import { createHandler as reviewCoverRequest } from '../../../functions/review-cover-request/handler.js';
import { createHandler as cancelCoverRequest } from '../../../functions/cancel-cover-request/handler.js';
import {
  applyCoverTransition,
  decideAccept,
  newCoverRequest,
} from '../../../shared/domain/rota/cover-requests.js';
import type { Role } from '../../../shared/domain/model.js';
import type { FeedScope } from '../../../shared/ports/calendar-feed-store.js';
import { apiEvent, lambdaContext, parse, type EventSpec, type ParsedResult } from './events.js';
import {
  ALICE_EMAIL,
  ALICE_SMS,
  CLINIC,
  clinicBody,
  DUTY_EMAIL,
  WORLD_CODE,
  clinicianBody,
  OVERRIDE_ID,
  serviceBody,
  type World,
  type WorldDeps,
} from './fakes.js';

export interface AdminRoute {
  name: string;
  factory: (deps: WorldDeps, logger: Logger) => HttpHandler;
  /** Roles of the clinic's own keys (and platform) that may call it; others get 403. */
  allowed: readonly Role[];
  /** Status of a successful call. */
  success: number;
  /** A valid call on clinic `clinicId` (path, query and body), given the world (for key ids). */
  call(world: World, clinicId: string): Omit<EventSpec, 'principal' | 'method' | 'resource'>;
}

export const adminRoutes: readonly AdminRoute[] = [
  {
    name: 'put-clinic',
    factory: putClinic,
    allowed: ['platform'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId }, body: clinicBody() }),
  },
  {
    name: 'put-clinic-settings',
    factory: putClinicSettings,
    allowed: ['platform', 'admin'],
    success: 200,
    call: (_w, clinicId) => {
      const { timezone: _zone, ...settings } = clinicBody();
      return { pathParameters: { clinicId }, body: settings };
    },
  },
  ...fallbackMethodRoutes(),
  ...calendarFeedRoutes(),
  ...coverRoutes(),
  {
    name: 'get-clinic',
    factory: getClinic,
    allowed: ['platform', 'admin', 'intake'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId } }),
  },
  {
    name: 'create-key',
    factory: createKey,
    allowed: ['platform', 'admin'],
    success: 201,
    call: (_w, clinicId) => ({ pathParameters: { clinicId }, body: { role: 'intake', label: 'desk 2' } }),
  },
  {
    name: 'revoke-key',
    factory: revokeKey,
    allowed: ['platform', 'admin'],
    success: 204,
    call: (w, clinicId) => ({ pathParameters: { clinicId, keyId: w.keyIds.intake } }),
  },
  {
    name: 'put-clinician',
    factory: putClinician,
    allowed: ['admin'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, clinicianId: 'carol' }, body: clinicianBody() }),
  },
  {
    name: 'get-clinician',
    factory: getClinician,
    allowed: ['admin'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, clinicianId: 'alice' } }),
  },
  {
    name: 'clear-broken-contact',
    factory: clearBrokenContact,
    allowed: ['admin'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, clinicianId: 'alice', channel: 'sms' } }),
  },
  {
    name: 'list-contacts',
    factory: listContacts,
    allowed: ['admin', 'clinician'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, clinicianId: 'alice' } }),
  },
  {
    name: 'add-contact',
    factory: addContact,
    allowed: ['admin', 'clinician'],
    success: 201,
    call: (_w, clinicId) => ({
      pathParameters: { clinicId, clinicianId: 'alice' },
      body: { type: 'sms', value: '+447700900109' },
    }),
  },
  {
    name: 'verify-contact',
    factory: verifyContact,
    allowed: ['admin', 'clinician'],
    success: 200,
    call: (_w, clinicId) => ({
      pathParameters: { clinicId, clinicianId: 'alice', contactId: ALICE_EMAIL },
      body: { code: WORLD_CODE },
    }),
  },
  {
    name: 'test-contact',
    factory: testContact,
    allowed: ['admin', 'clinician'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, clinicianId: 'alice', contactId: ALICE_SMS } }),
  },
  {
    name: 'remove-contact',
    factory: removeContact,
    allowed: ['admin', 'clinician'],
    success: 204,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, clinicianId: 'alice', contactId: ALICE_EMAIL } }),
  },
  {
    name: 'put-notification-rules',
    factory: putNotificationRules,
    allowed: ['admin', 'clinician'],
    success: 200,
    call: (_w, clinicId) => ({
      pathParameters: { clinicId, clinicianId: 'alice' },
      body: { rules: [{ contactId: ALICE_SMS, afterSeconds: 0 }] },
    }),
  },
  {
    name: 'list-clinicians',
    factory: listClinicians,
    allowed: ['admin'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId } }),
  },
  {
    name: 'put-service',
    factory: putService,
    allowed: ['admin'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, serviceId: 'general' }, body: serviceBody() }),
  },
  {
    name: 'get-service',
    factory: getService,
    allowed: ['admin', 'intake'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, serviceId: 'general' } }),
  },
  {
    name: 'list-services',
    factory: listServices,
    allowed: ['admin', 'intake'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId } }),
  },
  {
    name: 'create-override',
    factory: createOverride,
    allowed: ['admin'],
    success: 201,
    call: (_w, clinicId) => ({
      pathParameters: { clinicId, serviceId: 'general' },
      body: { clinicianId: 'alice', start: '2026-03-06T08:00:00Z', end: '2026-03-06T20:00:00Z' },
    }),
  },
  {
    name: 'delete-override',
    factory: deleteOverride,
    allowed: ['admin'],
    success: 204,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, serviceId: 'general', overrideId: OVERRIDE_ID } }),
  },
  {
    name: 'list-overrides',
    factory: listOverrides,
    allowed: ['admin'],
    success: 200,
    call: (_w, clinicId) => ({
      pathParameters: { clinicId, serviceId: 'general' },
      query: { includePast: 'true' },
    }),
  },
  {
    name: 'get-override',
    factory: getOverride,
    allowed: ['admin'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, serviceId: 'general', overrideId: OVERRIDE_ID } }),
  },
  {
    name: 'put-override',
    factory: putOverride,
    allowed: ['admin'],
    success: 200,
    call: (_w, clinicId) => ({
      pathParameters: { clinicId, serviceId: 'general', overrideId: OVERRIDE_ID },
      body: { clinicianId: 'alice', start: '2026-03-04T12:00:00Z', end: '2026-03-04T20:00:00Z' },
    }),
  },
  {
    name: 'list-keys',
    factory: listKeys,
    allowed: ['platform', 'admin'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId }, query: { limit: '10' } }),
  },
  {
    name: 'get-key',
    factory: getKey,
    allowed: ['platform', 'admin'],
    success: 200,
    call: (w, clinicId) => ({ pathParameters: { clinicId, keyId: w.keyIds.intake } }),
  },
  {
    name: 'delete-clinician',
    factory: deleteClinician,
    allowed: ['admin'],
    success: 204,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, clinicianId: 'dana' } }),
  },
  {
    name: 'delete-service',
    factory: deleteService,
    allowed: ['admin'],
    success: 204,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, serviceId: 'general' } }),
  },
  {
    name: 'get-oncall',
    factory: getOncall,
    allowed: ['admin', 'intake'],
    success: 200,
    call: (_w, clinicId) => ({
      pathParameters: { clinicId, serviceId: 'general' },
      query: { at: '2026-03-04T14:00:00Z' },
    }),
  },
  {
    name: 'get-shifts',
    factory: getShifts,
    allowed: ['admin', 'intake'],
    success: 200,
    call: (_w, clinicId) => ({
      pathParameters: { clinicId, serviceId: 'general' },
      query: { from: '2026-03-04T00:00:00Z', to: '2026-03-05T00:00:00Z' },
    }),
  },
  {
    name: 'get-gaps',
    factory: getGaps,
    allowed: ['admin', 'intake'],
    success: 200,
    call: (_w, clinicId) => ({ pathParameters: { clinicId, serviceId: 'general' }, query: { days: '7' } }),
  },
  {
    name: 'get-fairness-report',
    factory: getFairnessReport,
    allowed: ['admin'],
    success: 200,
    call: (_w, clinicId) => ({
      pathParameters: { clinicId },
      query: { from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' },
    }),
  },
];

export function routeDefinition(name: string) {
  const route = routes.find((r) => r.name === name);
  if (!route) throw new Error(`no route ${name} in functions/routes.ts`);
  return route;
}

export function adminRoute(name: string): AdminRoute {
  const route = adminRoutes.find((r) => r.name === name);
  if (!route) throw new Error(`no admin route ${name}`);
  return route;
}

/** Runs one admin route's handler on a hand-made event; method and resource come from the route table. */
export async function invoke(
  name: string,
  /** The world's deps; routes that need more than contacts (feeds) find it there. */
  deps: ContactDeps,
  logger: Logger,
  spec: EventSpec,
): Promise<ParsedResult> {
  const { method, path } = routeDefinition(name);
  const handler = adminRoute(name).factory(deps as WorldDeps, logger);
  return parse(await handler(apiEvent({ method, resource: path, ...spec }), lambdaContext(name)));
}

/** The valid call of `name` on the world's clinic c1, with overrides. */
export const validCall = (world: World, name: string, clinicId = CLINIC) =>
  adminRoute(name).call(world, clinicId);

/** The duty manager's methods: an admin's to manage, never a clinician's or the hotline's. */
function fallbackMethodRoutes(): AdminRoute[] {
  const fallbackId = fallbackIdOf({ name: clinicBody().fallback[0]?.name ?? '' });
  const at = (clinicId: string, contactId?: string) => ({
    pathParameters: { clinicId, fallbackId, ...(contactId && { contactId }) },
  });
  const admin: Role[] = ['admin'];
  return [
    {
      name: 'list-fallback-contact-methods',
      factory: listFallbackMethods,
      allowed: admin,
      success: 200,
      call: (_w, c) => at(c),
    },
    {
      name: 'add-fallback-contact-method',
      factory: addFallbackMethod,
      allowed: admin,
      success: 201,
      call: (_w, c) => ({ ...at(c), body: { type: 'sms', value: '+447700900209' } }),
    },
    {
      name: 'verify-fallback-contact-method',
      factory: verifyFallbackMethod,
      allowed: admin,
      success: 200,
      call: (_w, c) => ({ ...at(c, DUTY_EMAIL), body: { code: WORLD_CODE } }),
    },
    {
      name: 'test-fallback-contact-method',
      factory: testFallbackMethod,
      allowed: admin,
      success: 200,
      call: (_w, c) => at(c, SETTINGS_SMS_ID),
    },
    {
      name: 'remove-fallback-contact-method',
      factory: removeFallbackMethod,
      allowed: admin,
      success: 204,
      call: (_w, c) => at(c, DUTY_EMAIL),
    },
  ];
}

/**
 * Cover requests on the world's rota (alice holds 4 Mar 18:00 → 5 Mar 08:00, bob 5 Mar 08:00 → 6 Mar 08:00):
 * alice asks for 20:00-22:00; bob's 10:00-12:00 the next day is offered to alice; one of alice's awaits approval.
 */
function coverRoutes(): AdminRoute[] {
  const at = (clinicId: string, coverId: string) => ({ pathParameters: { clinicId, coverId } });
  const seed = (
    world: World,
    clinicId: string,
    requesterId: string,
    startIso: string,
    state?: 'awaiting',
  ) => {
    const start = Date.parse(startIso);
    const now = world.deps.clock();
    let request = newCoverRequest({
      clinicId,
      serviceId: 'general',
      coverId: `cov_${requesterId}_${state ?? 'open'}`,
      requesterId,
      start,
      end: start + 2 * 3_600_000,
      offeredTo: requesterId === 'alice' ? ['bob'] : ['alice'],
      by: requesterId,
      now,
    });
    if (state === 'awaiting') {
      const taken = decideAccept(request, 'bob', 'admin', now);
      if (taken.ok) request = applyCoverTransition(request, taken.transition);
    }
    world.covers.requests.set(`${clinicId}/${request.coverId}`, request);
    return request.coverId;
  };
  const both: Role[] = ['admin', 'clinician'];
  return [
    {
      name: 'create-cover-request',
      factory: createCoverRequest,
      allowed: both,
      success: 201,
      call: (_w, c) => ({
        pathParameters: { clinicId: c, serviceId: 'general' },
        body: { start: '2026-03-04T20:00:00.000Z', end: '2026-03-04T22:00:00.000Z', requesterId: 'alice' },
      }),
    },
    {
      name: 'list-cover-requests',
      factory: listCoverRequests,
      allowed: both,
      success: 200,
      call: (_w, c) => ({ pathParameters: { clinicId: c } }),
    },
    {
      name: 'get-cover-request',
      factory: getCoverRequest,
      allowed: both,
      success: 200,
      call: (w, c) => at(c, seed(w, c, 'alice', '2026-03-04T20:00:00Z')),
    },
    {
      name: 'accept-cover-request',
      factory: acceptCoverRequest,
      allowed: ['clinician'],
      success: 200,
      call: (w, c) => at(c, seed(w, c, 'bob', '2026-03-05T10:00:00Z')),
    },
    {
      name: 'review-cover-request',
      factory: reviewCoverRequest,
      allowed: ['admin'],
      success: 200,
      call: (w, c) => ({
        ...at(c, seed(w, c, 'alice', '2026-03-04T20:00:00Z', 'awaiting')),
        body: { decision: 'approve' },
      }),
    },
    {
      name: 'cancel-cover-request',
      factory: cancelCoverRequest,
      allowed: both,
      success: 200,
      call: (w, c) => at(c, seed(w, c, 'alice', '2026-03-04T20:00:00Z')),
    },
  ];
}

/** Feeds: a clinician's own (theirs or an admin's to make), a service's (an admin's). A revoke needs a feed. */
function calendarFeedRoutes(): AdminRoute[] {
  const clinicianAt = (clinicId: string) => ({ pathParameters: { clinicId, clinicianId: 'alice' } });
  const serviceAt = (clinicId: string) => ({ pathParameters: { clinicId, serviceId: 'general' } });
  const withFeed =
    (scope: FeedScope, at: (clinicId: string) => Omit<EventSpec, 'principal' | 'method' | 'resource'>) =>
    (world: World, clinicId: string) => {
      void world.deps.feeds.replaceFeed({ clinicId, scope, createdAt: 0 }, `hash-${clinicId}-${scope.kind}`);
      return at(clinicId);
    };
  return [
    {
      name: 'create-clinician-feed',
      factory: createClinicianFeed,
      allowed: ['admin', 'clinician'],
      success: 201,
      call: (_w, c) => clinicianAt(c),
    },
    {
      name: 'revoke-clinician-feed',
      factory: revokeClinicianFeed,
      allowed: ['admin', 'clinician'],
      success: 204,
      call: withFeed({ kind: 'clinician', clinicianId: 'alice' }, clinicianAt),
    },
    {
      name: 'create-service-feed',
      factory: createServiceFeed,
      allowed: ['admin'],
      success: 201,
      call: (_w, c) => serviceAt(c),
    },
    {
      name: 'revoke-service-feed',
      factory: revokeServiceFeed,
      allowed: ['admin'],
      success: 204,
      call: withFeed({ kind: 'service', serviceId: 'general' }, serviceAt),
    },
  ];
}
