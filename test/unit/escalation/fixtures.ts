// Shared builders for the escalation tests: a small clinic, routes, and helpers that apply events.
import { createRequest, decide } from '../../../shared/domain/escalation/index.js';
import type {
  Action,
  CrisisRequest,
  Decision,
  DeliveryResult,
  Recipient,
  RequestEvent,
  Route,
  RouteLevel,
} from '../../../shared/domain/escalation/index.js';

export const T0 = Date.UTC(2025, 2, 1, 12, 0, 0);
export const S = 1000;

export const alice: Recipient = {
  kind: 'clinician',
  clinicianId: 'c-alice',
  name: 'Alice Ng',
  phone: '+15550000001',
  email: 'alice@example.org',
};
export const bob: Recipient = {
  kind: 'clinician',
  clinicianId: 'c-bob',
  name: 'Bob Ray',
  phone: '+15550000002',
};
export const carol: Recipient = {
  kind: 'clinician',
  clinicianId: 'c-carol',
  name: 'Carol Ito',
  phone: '+15550000003',
};
/** SMS known broken at submit and no email: unreachable. */
export const dan: Recipient = {
  kind: 'clinician',
  clinicianId: 'c-dan',
  name: 'Dan Oyelaran',
  phone: '+15550000004',
  smsBroken: true,
};
export const desk: Recipient = { kind: 'fallback', name: 'Front desk', phone: '+15550000100' };
export const director: Recipient = { kind: 'fallback', name: 'Director', phone: '+15550000101' };

export const PHONES_AND_EMAILS = [alice, bob, carol, dan, desk, director].flatMap((r) =>
  r.kind === 'clinician' && r.email ? [r.phone, r.email] : [r.phone],
);

export function level(recipients: Recipient[], ackTimeoutSeconds = 60): RouteLevel {
  return { notify: 'primary', recipients, ackTimeoutSeconds };
}

/** Primary alice (60 s), secondary bob (120 s), no repeat, the front desk as fallback every 300 s. */
export function twoLevelRoute(overrides: Partial<Route> = {}): Route {
  return {
    levels: [level([alice], 60), { notify: 'secondary', recipients: [bob], ackTimeoutSeconds: 120 }],
    repeat: 0,
    fallbackRepeatSeconds: 300,
    fallbackContacts: [desk],
    ...overrides,
  };
}

export function newRequest(route: Route = twoLevelRoute(), now = T0): CrisisRequest {
  return createRequest({
    requestId: 'r-1',
    clinicId: 'clinic-1',
    serviceId: 'svc-adolescent',
    urgency: 'urgent',
    route,
    now,
  });
}

export type Changed = Extract<Decision, { unchanged: false }>;

export function changed(d: Decision): Changed {
  if (d.unchanged) throw new Error(`expected a change, got unchanged: ${d.reason}`);
  return d;
}

/** Applies an event that must change the request and returns the new state. */
export function step(request: CrisisRequest, event: RequestEvent, now: number): CrisisRequest {
  return changed(decide(request, event, now)).request;
}

/** The provider accepts every page of the current attempt that is pending, at `now`. */
export function delivered(request: CrisisRequest, now: number): CrisisRequest {
  const results: DeliveryResult[] = (request.pending ?? [])
    .filter((p) => p.attempt === request.position.attempt && p.since !== undefined)
    .map((p, i) => ({
      attempt: p.attempt,
      to: p.who,
      channel: p.channel,
      retry: p.retry,
      ...(p.notice && { notice: p.notice }),
      outcome: 'sent',
      messageId: `msg-${p.attempt}-${i}`,
    }));
  return results.length === 0 ? request : step(request, { type: 'delivery', results }, now);
}

/** Started, its first pages accepted by the provider unless `deliver` is false (still pending). */
export function started(route: Route = twoLevelRoute(), now = T0, deliver = true): CrisisRequest {
  const request = step(newRequest(route, now), { type: 'start' }, now);
  return deliver ? delivered(request, now) : request;
}

/** Fires the current attempt's timer exactly when it is due; the new pages are accepted unless `deliver` is false. */
export function fireTimer(
  request: CrisisRequest,
  deliver = true,
): {
  request: CrisisRequest;
  now: number;
  decision: Changed;
} {
  if (request.nextDueAt === null) throw new Error('no timer pending');
  const now = request.nextDueAt;
  const decision = changed(decide(request, { type: 'timer', attempt: request.position.attempt }, now));
  return { request: deliver ? delivered(decision.request, now) : decision.request, now, decision };
}

export function actionTypes(actions: readonly Action[]): string[] {
  return actions.map((a) => a.type);
}

export function newTimelineTypes(before: CrisisRequest, after: CrisisRequest): string[] {
  return after.timeline.slice(before.timeline.length).map((e) => e.type);
}

export function pagedNames(actions: readonly Action[]): string[] {
  return actions.flatMap((a) => (a.type === 'page' ? [a.recipient.name] : []));
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
