// The HTTP surface and the event-driven functions in one table: the CDK app builds one function (and, for
// a route, one API method) per row with the IAM its row says, each function's index.ts wires what its row
// says (pages or not), and the local server mounts the same handlers on the same paths
// (test/infra/route-table.test.ts holds all of them to it).
import { QUEUE_INDEX } from '../shared/adapters/aws/table-definition.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDefinition {
  /** Folder under functions/: `<name>/handler.ts` exports createHandler, `<name>/index.ts` exports handler. */
  name: string;
  method: HttpMethod;
  /** API Gateway style path with {params}. */
  path: string;
  /** 'key': bearer key checked by the authorizer. 'none': public (health, ack links carry their own token). */
  auth: 'key' | 'none';
  /** What the function may do to the table: least privilege is derived from this. */
  tableAccess: 'none' | 'read' | 'read-write';
  /** Sends pages (SNS publish) and schedules timers (SQS send): a request step may page the next person. */
  pages?: boolean;
  /**
   * Sends a contact method's verification code or test page (SNS publish, no timers) and manages the email
   * topic's subscriptions (subscribe, read back, unsubscribe).
   */
  contacts?: boolean;
  /** Sends rota messages to people (cover offers and their outcome: SMS, email, push), with no timers. */
  notifies?: boolean;
  /** Reads the VAPID key pair's secret (to answer its public half); only where the stage sends push. */
  pushKeys?: boolean;
  /** Table indexes the function queries (its table access applies to them too); none by default. */
  indexes?: readonly string[];
}

const CONTACTS = '/v1/clinics/{clinicId}/clinicians/{clinicianId}/contacts';
/** Cover requests: asked for under a service, then read and answered under the clinic. */
const COVER_REQUESTS = '/v1/clinics/{clinicId}/cover-requests';
/** A fallback contact's methods: the same routes under the clinic, for its admin. */
const FALLBACK_CONTACTS = '/v1/clinics/{clinicId}/fallback-contacts/{fallbackId}/contacts';

const CONTACT_ROUTES = [
  {
    name: 'list-contacts',
    method: 'GET',
    path: CONTACTS,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'add-contact',
    method: 'POST',
    path: CONTACTS,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'verify-contact',
    method: 'POST',
    path: `${CONTACTS}/{contactId}/verify`,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'test-contact',
    method: 'POST',
    path: `${CONTACTS}/{contactId}/test`,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'remove-contact',
    method: 'DELETE',
    path: `${CONTACTS}/{contactId}`,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'list-fallback-contact-methods',
    method: 'GET',
    path: FALLBACK_CONTACTS,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'add-fallback-contact-method',
    method: 'POST',
    path: FALLBACK_CONTACTS,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'verify-fallback-contact-method',
    method: 'POST',
    path: `${FALLBACK_CONTACTS}/{contactId}/verify`,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'test-fallback-contact-method',
    method: 'POST',
    path: `${FALLBACK_CONTACTS}/{contactId}/test`,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'remove-fallback-contact-method',
    method: 'DELETE',
    path: `${FALLBACK_CONTACTS}/{contactId}`,
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  {
    name: 'create-clinician-feed',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/clinicians/{clinicianId}/calendar-feed',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'revoke-clinician-feed',
    method: 'DELETE',
    path: '/v1/clinics/{clinicId}/clinicians/{clinicianId}/calendar-feed',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'put-notification-rules',
    method: 'PUT',
    path: '/v1/clinics/{clinicId}/clinicians/{clinicianId}/notification-rules',
    auth: 'key',
    tableAccess: 'read-write',
  },
] as const;

const HTTP_ROUTES = [
  { name: 'health', method: 'GET', path: '/health', auth: 'none', tableAccess: 'none' },
  // The key browsers subscribe to push with: 404 where the stage sends no push.
  {
    name: 'get-push-key',
    method: 'GET',
    path: '/v1/push-key',
    auth: 'key',
    tableAccess: 'none',
    pushKeys: true,
  },
  {
    name: 'put-clinic',
    method: 'PUT',
    path: '/v1/clinics/{clinicId}',
    auth: 'key',
    tableAccess: 'read-write',
    // A fallback contact dropped from the list takes its email subscriptions with it.
    contacts: true,
  },
  {
    name: 'put-clinic-settings',
    method: 'PUT',
    path: '/v1/clinics/{clinicId}/settings',
    auth: 'key',
    tableAccess: 'read-write',
    contacts: true,
  },
  { name: 'get-clinic', method: 'GET', path: '/v1/clinics/{clinicId}', auth: 'key', tableAccess: 'read' },
  {
    name: 'create-key',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/keys',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'revoke-key',
    method: 'DELETE',
    path: '/v1/clinics/{clinicId}/keys/{keyId}',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'list-keys',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/keys',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'get-key',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/keys/{keyId}',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'put-clinician',
    method: 'PUT',
    path: '/v1/clinics/{clinicId}/clinicians/{clinicianId}',
    auth: 'key',
    tableAccess: 'read-write',
    // A new phone or email is a contact method: its code goes out at once.
    contacts: true,
  },
  {
    name: 'get-clinician',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/clinicians/{clinicianId}',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'delete-clinician',
    method: 'DELETE',
    path: '/v1/clinics/{clinicId}/clinicians/{clinicianId}',
    auth: 'key',
    tableAccess: 'read-write',
    // Revokes their clinician keys, and ends their email methods' subscriptions of the page topic.
    contacts: true,
  },
  {
    name: 'clear-broken-contact',
    method: 'DELETE',
    path: '/v1/clinics/{clinicId}/clinicians/{clinicianId}/broken-contacts/{channel}',
    auth: 'key',
    tableAccess: 'read-write',
  },
  ...CONTACT_ROUTES,
  {
    name: 'list-clinicians',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/clinicians',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'put-service',
    method: 'PUT',
    path: '/v1/clinics/{clinicId}/services/{serviceId}',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'get-service',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/services/{serviceId}',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'delete-service',
    method: 'DELETE',
    path: '/v1/clinics/{clinicId}/services/{serviceId}',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'list-services',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/services',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'create-cover-request',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/cover-requests',
    auth: 'key',
    tableAccess: 'read-write',
    notifies: true,
  },
  { name: 'list-cover-requests', method: 'GET', path: COVER_REQUESTS, auth: 'key', tableAccess: 'read' },
  {
    name: 'get-cover-request',
    method: 'GET',
    path: `${COVER_REQUESTS}/{coverId}`,
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'accept-cover-request',
    method: 'POST',
    path: `${COVER_REQUESTS}/{coverId}/accept`,
    auth: 'key',
    tableAccess: 'read-write',
    notifies: true,
  },
  {
    name: 'review-cover-request',
    method: 'POST',
    path: `${COVER_REQUESTS}/{coverId}/review`,
    auth: 'key',
    tableAccess: 'read-write',
    notifies: true,
  },
  {
    name: 'cancel-cover-request',
    method: 'POST',
    path: `${COVER_REQUESTS}/{coverId}/cancel`,
    auth: 'key',
    tableAccess: 'read-write',
    notifies: true,
  },
  {
    name: 'create-override',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/overrides',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'delete-override',
    method: 'DELETE',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/overrides/{overrideId}',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'list-overrides',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/overrides',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'get-override',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/overrides/{overrideId}',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'put-override',
    method: 'PUT',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/overrides/{overrideId}',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'get-oncall',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/oncall',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'get-shifts',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/shifts',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'get-gaps',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/gaps',
    auth: 'key',
    tableAccess: 'read',
  },
  // Reads the window's requests through the queue index, then each one's timeline.
  {
    name: 'get-fairness-report',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/reports/fairness',
    auth: 'key',
    tableAccess: 'read',
    indexes: [QUEUE_INDEX.name],
  },
  {
    name: 'submit-request',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/requests',
    auth: 'key',
    tableAccess: 'read-write',
    pages: true,
  },
  {
    name: 'list-requests',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/requests',
    auth: 'key',
    tableAccess: 'read',
    indexes: [QUEUE_INDEX.name],
  },
  {
    name: 'get-request',
    method: 'GET',
    path: '/v1/clinics/{clinicId}/requests/{requestId}',
    auth: 'key',
    tableAccess: 'read',
  },
  {
    name: 'acknowledge-request',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/requests/{requestId}/acknowledge',
    auth: 'key',
    tableAccess: 'read-write',
    // An acceptance starts a follow-up deadline: a timer.
    pages: true,
  },
  {
    name: 'decline-request',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/requests/{requestId}/decline',
    auth: 'key',
    tableAccess: 'read-write',
    pages: true,
  },
  {
    name: 'resolve-request',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/requests/{requestId}/resolve',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'contacted-request',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/requests/{requestId}/contacted',
    auth: 'key',
    tableAccess: 'read-write',
    // "Contacted" starts the resolve deadline: a timer.
    pages: true,
  },
  {
    name: 'handback-request',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/requests/{requestId}/handback',
    auth: 'key',
    tableAccess: 'read-write',
    pages: true,
  },
  {
    name: 'cancel-request',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/requests/{requestId}/cancel',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'create-service-feed',
    method: 'POST',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/calendar-feed',
    auth: 'key',
    tableAccess: 'read-write',
  },
  {
    name: 'revoke-service-feed',
    method: 'DELETE',
    path: '/v1/clinics/{clinicId}/services/{serviceId}/calendar-feed',
    auth: 'key',
    tableAccess: 'read-write',
  },
  // Calendar apps send no key: the feed token in the query is the credential (feeds.ts).
  { name: 'get-calendar-feed', method: 'GET', path: '/calendar.ics', auth: 'none', tableAccess: 'read' },
  { name: 'ack-page', method: 'GET', path: '/ack/{token}', auth: 'none', tableAccess: 'read' },
  {
    name: 'ack-page-submit',
    method: 'POST',
    path: '/ack/{token}',
    auth: 'none',
    tableAccess: 'read-write',
    pages: true,
  },
  { name: 'case-page', method: 'GET', path: '/case/{token}', auth: 'none', tableAccess: 'read' },
  // A cover offer's link: the colleague's token is the credential, as for an ack link.
  { name: 'cover-page', method: 'GET', path: '/cover/{token}', auth: 'none', tableAccess: 'read' },
  {
    name: 'cover-page-submit',
    method: 'POST',
    path: '/cover/{token}',
    auth: 'none',
    tableAccess: 'read-write',
    notifies: true,
  },
  {
    name: 'case-page-submit',
    method: 'POST',
    path: '/case/{token}',
    auth: 'none',
    tableAccess: 'read-write',
    pages: true,
  },
] as const satisfies readonly RouteDefinition[];

export const routes: readonly RouteDefinition[] = HTTP_ROUTES;
export type RouteName = (typeof HTTP_ROUTES)[number]['name'];

export interface TriggerDefinition {
  /** Folder under functions/, as for a route. */
  name: string;
  /** What invokes it: the timer queue, the EventBridge schedule, an SNS topic, the Connect contact flow. */
  source: 'sqs' | 'schedule' | 'sns' | 'connect-flow' | 'call-events';
  tableAccess: RouteDefinition['tableAccess'];
  pages?: boolean;
  /** Sends rota messages to people (gap alerts, shift notices: SMS, email, push), with no timers and no calls. */
  notifies?: boolean;
  /** Deployed only when the stage config sets up voice calls (`voice`). */
  voiceOnly?: boolean;
}

/** Functions driven by AWS events rather than HTTP: timers, the sweeper, inbound SMS, voice calls. */
export const triggers = [
  { name: 'escalate', source: 'sqs', tableAccess: 'read-write', pages: true },
  { name: 'sweeper', source: 'schedule', tableAccess: 'read-write', pages: true },
  // Every 5 minutes: shift notices, and each clinic's new coverage gaps alerted once to its fallback contacts.
  { name: 'rota-check', source: 'schedule', tableAccess: 'read-write', notifies: true },
  { name: 'sms-inbound', source: 'sns', tableAccess: 'read-write', pages: true },
  // A key pressed on a voice page's call (1 accepts, 2 declines): an answer may page the next person.
  { name: 'voice-keypress', source: 'connect-flow', tableAccess: 'read-write', pages: true, voiceOnly: true },
  // A voice page's call that missed the person (busy, no answer, failed): paging may move on at once.
  { name: 'call-ended', source: 'call-events', tableAccess: 'read-write', pages: true, voiceOnly: true },
] as const satisfies readonly TriggerDefinition[];
export type TriggerName = (typeof triggers)[number]['name'];

/** The row of one route or trigger by name: what its function may do (table, paging). */
export function functionEntry(name: RouteName | TriggerName): RouteDefinition | TriggerDefinition {
  const entry = [...routes, ...triggers].find((row) => row.name === name);
  if (!entry) throw new Error(`no route or trigger ${name} in functions/routes.ts`);
  return entry;
}
