// Calendar feeds (docs/api.md, "Calendar feeds"): a secret URL per clinician ("my on-call shifts") or per
// service (everyone's), read by calendar apps without a key. The URL's token is its own credential: it
// grants reading that one feed, nothing else, and a new one (or a revoke) ends the old at once.
import { clinicianFeedEvents, serviceFeedEvents, type FeedRota } from '../../domain/calendar/feed-events.js';
import { unreachableReason } from '../../domain/contacts.js';
import type { Principal } from '../../domain/model.js';
import type { CalendarFeedStore, FeedScope } from '../../ports/calendar-feed-store.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import { requireAccess } from '../access.js';
import type { AdminDeps } from '../deps.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { hashSecret, isTokenShaped, randomToken } from '../secrets.js';
import { iso } from '../views.js';
import { renderIcs } from './render-ics.js';

export interface FeedDeps extends AdminDeps {
  feeds: CalendarFeedStore;
  /** Where the service is reached from outside, without a trailing slash. */
  publicBaseUrl: string;
}

const DAY = 86_400_000;
/** A feed shows the past week (a shift in progress starts there) and the next 90 days. */
export const FEED_PAST_DAYS = 7;
export const FEED_DAYS_AHEAD = 90;
/** 24 random bytes: 192 bits, well past guessing. */
const TOKEN_BYTES = 24;
const TRIES = 3;

export const feedUrl = (deps: FeedDeps, token: string) =>
  `${deps.publicBaseUrl}/calendar.ics?feed=${encodeURIComponent(token)}`;

function requireFeedManager(principal: Principal, clinicId: string, scope: FeedScope) {
  if (scope.kind === 'service') return requireAccess(principal, clinicId, ['admin']);
  requireAccess(principal, clinicId, ['admin', 'clinician']);
  if (principal.role === 'clinician' && principal.clinicianId !== scope.clinicianId)
    throw forbidden('a clinician key makes a feed of its own shifts only');
}

async function requireScope(deps: AdminDeps, clinicId: string, scope: FeedScope) {
  const found =
    scope.kind === 'clinician'
      ? await deps.clinics.getClinician(clinicId, scope.clinicianId)
      : await deps.clinics.getService(clinicId, scope.serviceId);
  if (!found) throw notFound(scope.kind);
}

/** A new secret URL for the scope; the scope's previous URL stops working. The URL is shown once. */
export async function createFeed(deps: FeedDeps, principal: Principal, clinicId: string, scope: FeedScope) {
  requireFeedManager(principal, clinicId, scope);
  await requireScope(deps, clinicId, scope);
  for (let i = 0; i < TRIES; i++) {
    const token = randomToken(TOKEN_BYTES);
    const createdAt = deps.clock();
    if (await deps.feeds.replaceFeed({ clinicId, scope, createdAt }, hashSecret(token)))
      return { url: feedUrl(deps, token), createdAt: iso(createdAt) };
  }
  throw conflict('the feed was changed by someone else at the same time: try again');
}

export async function revokeFeed(deps: FeedDeps, principal: Principal, clinicId: string, scope: FeedScope) {
  requireFeedManager(principal, clinicId, scope);
  if (!(await deps.feeds.revokeFeed(clinicId, scope))) throw notFound('calendar feed');
}

function feedRota(rota: RotaSnapshot, from: number, to: number): FeedRota {
  const byId = new Map(rota.clinicians.map((c) => [c.clinicianId, c]));
  return {
    clinicId: rota.clinic.clinicId,
    clinicName: rota.clinic.name,
    timeZone: rota.clinic.timezone,
    overrides: rota.overrides,
    from,
    to,
    nameOf: (id) => byId.get(id)?.name ?? id,
    // The rule /shifts and the submit path share: not reachable, not on call.
    unavailability: (id) => {
      const clinician = byId.get(id);
      return clinician ? unreachableReason(clinician) : 'no_such_clinician';
    },
  };
}

/** The feed behind a token, as an iCalendar file; null for a token that names no feed (any longer). */
export async function readFeed(deps: FeedDeps, token: string): Promise<{ name: string; ics: string } | null> {
  if (!isTokenShaped(token)) return null;
  const feed = await deps.feeds.findFeed(hashSecret(token));
  if (!feed) return null;
  const now = deps.clock();
  const from = now - FEED_PAST_DAYS * DAY;
  const to = now + FEED_DAYS_AHEAD * DAY;
  const rota = await deps.clinics.loadRota(feed.clinicId, from);
  if (!rota) return null;
  const window = feedRota(rota, from, to);
  const { scope } = feed;
  if (scope.kind === 'service') {
    const service = rota.services.find((s) => s.serviceId === scope.serviceId);
    if (!service) return null;
    const name = `${service.name}, ${rota.clinic.name}: on call`;
    const events = serviceFeedEvents(service, window);
    return { name, ics: renderIcs({ name, timeZone: window.timeZone, events, from, to, now }) };
  }
  const clinician = rota.clinicians.find((c) => c.clinicianId === scope.clinicianId);
  if (!clinician) return null;
  const name = `My on-call shifts, ${rota.clinic.name}`;
  const events = clinicianFeedEvents(clinician.clinicianId, rota.services, window);
  return { name, ics: renderIcs({ name, timeZone: window.timeZone, events, from, to, now }) };
}
