import type { Logger } from '@aws-lambda-powertools/logger';
import type { AdminDeps } from '../../shared/app/deps.js';
import { httpOptionsFromEnv } from '../../functions/deps/env.js';
import type { HttpHandler, HttpOptions } from '../../functions/http/http-route.js';
import { routes, type RouteName } from '../../functions/routes.js';
import { createHandler as clearBrokenContact } from '../../functions/clear-broken-contact/handler.js';
import { createHandler as createKey } from '../../functions/create-key/handler.js';
import { createHandler as createOverride } from '../../functions/create-override/handler.js';
import { createHandler as deleteOverride } from '../../functions/delete-override/handler.js';
import { createHandler as getClinic } from '../../functions/get-clinic/handler.js';
import { createHandler as getClinician } from '../../functions/get-clinician/handler.js';
import { createHandler as getOncall } from '../../functions/get-oncall/handler.js';
import { createHandler as getPushKey } from '../../functions/get-push-key/handler.js';
import { createHandler as getService } from '../../functions/get-service/handler.js';
import { createHandler as getShifts } from '../../functions/get-shifts/handler.js';
import { createHandler as getGaps } from '../../functions/get-gaps/handler.js';
import { createHandler as getFairnessReport } from '../../functions/get-fairness-report/handler.js';
import { createHandler as health } from '../../functions/health/handler.js';
import { createHandler as listClinicians } from '../../functions/list-clinicians/handler.js';
import { createHandler as listServices } from '../../functions/list-services/handler.js';
import { createHandler as putClinic } from '../../functions/put-clinic/handler.js';
import { createHandler as putClinician } from '../../functions/put-clinician/handler.js';
import { createHandler as putService } from '../../functions/put-service/handler.js';
import { createHandler as revokeKey } from '../../functions/revoke-key/handler.js';
import { createHandler as submitRequest } from '../../functions/submit-request/handler.js';
import { createHandler as getRequest } from '../../functions/get-request/handler.js';
import { createHandler as listRequests } from '../../functions/list-requests/handler.js';
import { createHandler as acknowledgeRequest } from '../../functions/acknowledge-request/handler.js';
import { createHandler as declineRequest } from '../../functions/decline-request/handler.js';
import { createHandler as contactedRequest } from '../../functions/contacted-request/handler.js';
import { createHandler as handbackRequest } from '../../functions/handback-request/handler.js';
import { createHandler as casePage } from '../../functions/case-page/handler.js';
import { createHandler as casePageSubmit } from '../../functions/case-page-submit/handler.js';
import { createHandler as resolveRequest } from '../../functions/resolve-request/handler.js';
import { createHandler as cancelRequest } from '../../functions/cancel-request/handler.js';
import { createHandler as ackPage } from '../../functions/ack-page/handler.js';
import { createHandler as ackPageSubmit } from '../../functions/ack-page-submit/handler.js';
import { createHandler as listContacts } from '../../functions/list-contacts/handler.js';
import { createHandler as addContact } from '../../functions/add-contact/handler.js';
import { createHandler as verifyContact } from '../../functions/verify-contact/handler.js';
import { createHandler as testContact } from '../../functions/test-contact/handler.js';
import { createHandler as removeContact } from '../../functions/remove-contact/handler.js';
import { createHandler as putNotificationRules } from '../../functions/put-notification-rules/handler.js';
import { createHandler as putClinicSettings } from '../../functions/put-clinic-settings/handler.js';
import { createHandler as listFallbackMethods } from '../../functions/list-fallback-contact-methods/handler.js';
import { createHandler as addFallbackMethod } from '../../functions/add-fallback-contact-method/handler.js';
import { createHandler as verifyFallbackMethod } from '../../functions/verify-fallback-contact-method/handler.js';
import { createHandler as testFallbackMethod } from '../../functions/test-fallback-contact-method/handler.js';
import { createHandler as removeFallbackMethod } from '../../functions/remove-fallback-contact-method/handler.js';
import { createHandler as listKeys } from '../../functions/list-keys/handler.js';
import { createHandler as getKey } from '../../functions/get-key/handler.js';
import { createHandler as deleteClinician } from '../../functions/delete-clinician/handler.js';
import { createHandler as deleteService } from '../../functions/delete-service/handler.js';
import { createHandler as listOverrides } from '../../functions/list-overrides/handler.js';
import { createHandler as getOverride } from '../../functions/get-override/handler.js';
import { createHandler as putOverride } from '../../functions/put-override/handler.js';
import type { ContactDeps } from '../../shared/app/contacts/contact-deps.js';
import type { FeedDeps } from '../../shared/app/calendar/feeds.js';
import type { CalendarFeedStore } from '../../shared/ports/calendar-feed-store.js';
import { createHandler as createClinicianFeed } from '../../functions/create-clinician-feed/handler.js';
import { createHandler as revokeClinicianFeed } from '../../functions/revoke-clinician-feed/handler.js';
import { createHandler as createServiceFeed } from '../../functions/create-service-feed/handler.js';
import { createHandler as revokeServiceFeed } from '../../functions/revoke-service-feed/handler.js';
import { createHandler as getCalendarFeed } from '../../functions/get-calendar-feed/handler.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import type { CoverDeps } from '../../shared/app/cover/cover-deps.js';
import type { CoverRequestStore } from '../../shared/ports/cover-request-store.js';
import { createHandler as createCoverRequest } from '../../functions/create-cover-request/handler.js';
import { createHandler as listCoverRequests } from '../../functions/list-cover-requests/handler.js';
import { createHandler as getCoverRequest } from '../../functions/get-cover-request/handler.js';
import { createHandler as acceptCoverRequest } from '../../functions/accept-cover-request/handler.js';
import { createHandler as reviewCoverRequest } from '../../functions/review-cover-request/handler.js';
import { createHandler as cancelCoverRequest } from '../../functions/cancel-cover-request/handler.js';
import { createHandler as coverPage } from '../../functions/cover-page/handler.js';
import { createHandler as coverPageSubmit } from '../../functions/cover-page-submit/handler.js';

interface LocalDeps {
  admin: AdminDeps;
  contacts: ContactDeps;
  feeds: FeedDeps;
  requests: RequestDeps;
  covers: CoverDeps;
  /** The VAPID public key of DATA_DIR/vapid.json. */
  pushPublicKey?: string;
}
type Factory = (deps: LocalDeps, logger: Logger, http: HttpOptions) => HttpHandler;
type Create<D> = (deps: D, logger: Logger, http: HttpOptions) => HttpHandler;

const admin =
  (create: Create<AdminDeps>): Factory =>
  (deps, logger, http) =>
    create(deps.admin, logger, http);
const contacts =
  (create: Create<ContactDeps>): Factory =>
  (deps, logger, http) =>
    create(deps.contacts, logger, http);
const feeds =
  (create: Create<FeedDeps>): Factory =>
  (deps, logger, http) =>
    create(deps.feeds, logger, http);
const requests =
  (create: Create<RequestDeps>): Factory =>
  (deps, logger, http) =>
    create(deps.requests, logger, http);
const covers =
  (create: Create<CoverDeps>): Factory =>
  (deps, logger, http) =>
    create(deps.covers, logger, http);

/**
 * Each route's handler factory, the one its index.ts calls: keyed by the route names of functions/routes.ts,
 * so a route without a factory here (or a factory for no route) does not compile.
 */
const FACTORIES: Record<RouteName, Factory> = {
  health: (_deps, logger, http) => health(logger, http),
  'get-push-key': (deps, logger, http) => getPushKey(async () => deps.pushPublicKey, logger, http),
  'put-clinic': contacts(putClinic),
  'put-clinic-settings': contacts(putClinicSettings),
  'create-clinician-feed': feeds(createClinicianFeed),
  'revoke-clinician-feed': feeds(revokeClinicianFeed),
  'create-service-feed': feeds(createServiceFeed),
  'revoke-service-feed': feeds(revokeServiceFeed),
  'get-calendar-feed': feeds(getCalendarFeed),
  'list-fallback-contact-methods': contacts(listFallbackMethods),
  'add-fallback-contact-method': contacts(addFallbackMethod),
  'verify-fallback-contact-method': contacts(verifyFallbackMethod),
  'test-fallback-contact-method': contacts(testFallbackMethod),
  'remove-fallback-contact-method': contacts(removeFallbackMethod),
  'get-clinic': admin(getClinic),
  'create-key': admin(createKey),
  'revoke-key': admin(revokeKey),
  'list-keys': admin(listKeys),
  'get-key': admin(getKey),
  'put-clinician': contacts(putClinician),
  'list-contacts': contacts(listContacts),
  'add-contact': contacts(addContact),
  'verify-contact': contacts(verifyContact),
  'test-contact': contacts(testContact),
  'remove-contact': contacts(removeContact),
  'put-notification-rules': contacts(putNotificationRules),
  'get-clinician': admin(getClinician),
  'delete-clinician': contacts(deleteClinician),
  'clear-broken-contact': admin(clearBrokenContact),
  'list-clinicians': admin(listClinicians),
  'put-service': admin(putService),
  'get-service': admin(getService),
  'delete-service': admin(deleteService),
  'list-services': admin(listServices),
  'create-override': admin(createOverride),
  'delete-override': admin(deleteOverride),
  'list-overrides': admin(listOverrides),
  'get-override': admin(getOverride),
  'put-override': admin(putOverride),
  'create-cover-request': covers(createCoverRequest),
  'list-cover-requests': covers(listCoverRequests),
  'get-cover-request': covers(getCoverRequest),
  'accept-cover-request': covers(acceptCoverRequest),
  'review-cover-request': covers(reviewCoverRequest),
  'cancel-cover-request': covers(cancelCoverRequest),
  'cover-page': covers(coverPage),
  'cover-page-submit': covers(coverPageSubmit),
  'get-oncall': admin(getOncall),
  'get-shifts': admin(getShifts),
  'get-gaps': admin(getGaps),
  'get-fairness-report': requests(getFairnessReport),
  'submit-request': requests(submitRequest),
  'list-requests': requests(listRequests),
  'get-request': requests(getRequest),
  'acknowledge-request': requests(acknowledgeRequest),
  'decline-request': requests(declineRequest),
  'resolve-request': requests(resolveRequest),
  'contacted-request': requests(contactedRequest),
  'handback-request': requests(handbackRequest),
  'case-page': requests(casePage),
  'case-page-submit': requests(casePageSubmit),
  'cancel-request': requests(cancelRequest),
  'ack-page': requests(ackPage),
  'ack-page-submit': requests(ackPageSubmit),
};

/** The same factories the Lambda entry points call, one per route of functions/routes.ts, on local deps. */
export function localHandlers(
  deps: AdminDeps,
  requestDeps: RequestDeps,
  logger: Logger,
  pushPublicKey?: string,
  stores: { feeds?: CalendarFeedStore; covers?: CoverRequestStore } = {},
): Record<string, HttpHandler> {
  // The HTTP edge's settings read as a function reads them (no CORS origins unless the variable is set).
  const http = httpOptionsFromEnv();
  // Locally email has no subscriptions to confirm: it gets a code in the outbox, as SMS does.
  const local: LocalDeps = {
    admin: deps,
    // The outbox "calls" too, and push goes out for real: voice and push methods work on the local stack.
    contacts: { ...deps, pager: requestDeps.pager, deliverable: ['sms', 'email', 'voice', 'push'] },
    feeds: {
      ...deps,
      feeds: stores.feeds as CalendarFeedStore,
      // Known once the server listens: read when a feed URL is made, not when the handlers are.
      get publicBaseUrl() {
        return requestDeps.publicBaseUrl;
      },
    },
    requests: requestDeps,
    covers: {
      ...deps,
      covers: stores.covers as CoverRequestStore,
      pager: requestDeps.pager,
      signals: requestDeps.signals,
      get publicBaseUrl() {
        return requestDeps.publicBaseUrl;
      },
    },
    ...(pushPublicKey && { pushPublicKey }),
  };
  return Object.fromEntries(
    routes.map((route) => [route.name, FACTORIES[route.name as RouteName](local, logger, http)]),
  );
}
