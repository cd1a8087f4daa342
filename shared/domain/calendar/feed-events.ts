// The events of a calendar feed: exactly the shifts (and, for a service, the gaps) /shifts gives for the
// same window, named for people reading them in a calendar app. UIDs are made from what an event is
// (service, start, the override behind it), never random, so a refreshed feed updates events in place.
import type { Override, Service } from '../model.js';
import { shiftsBetween, withAvailability, type Unavailability } from '../rota/index.js';
import { winnerAt } from '../rota/override-winner.js';

export interface FeedEvent {
  uid: string;
  start: number;
  end: number; // exclusive
  summary: string;
  description: string;
  kind: 'shift' | 'override' | 'gap';
  serviceId: string;
  clinicianId?: string;
}

export interface FeedRota {
  clinicId: string;
  clinicName: string;
  timeZone: string;
  overrides: readonly Override[];
  from: number;
  to: number;
  nameOf: (clinicianId: string) => string;
  unavailability: Unavailability;
}

const REASONS: Record<string, string> = {
  clinician_inactive: 'is inactive',
  no_verified_contact: 'has no verified contact method',
  no_such_clinician: 'is not a clinician of this clinic',
};

/** `scope` keeps the same shift in a person's feed and a service's feed apart (two calendars, two events). */
function serviceEvents(service: Service, rota: FeedRota, scope: 'me' | 'svc'): FeedEvent[] {
  const { clinicId, timeZone, from, to } = rota;
  const overrides = rota.overrides.filter((o) => o.serviceId === service.serviceId);
  const { shifts, gaps } = withAvailability(
    shiftsBetween({ rotation: service.rotation, timeZone, overrides, from, to }),
    rota.unavailability,
  );
  const base = `${scope}.${clinicId}.${service.serviceId}`;
  const where = `${service.name}, ${rota.clinicName}`;
  const seen = new Map<string, number>();
  const unique = (uid: string) => {
    const n = (seen.get(uid) ?? 0) + 1;
    seen.set(uid, n);
    return n === 1 ? uid : `${uid}.${n}`;
  };
  const events: FeedEvent[] = shifts.map((shift) => {
    const name = rota.nameOf(shift.clinicianId);
    const cover = shift.source === 'override' ? winnerAt(overrides, shift.start) : null;
    return {
      uid: unique(cover ? `${base}.override.${cover.overrideId}` : `${base}.shift.${shift.start}`),
      start: shift.start,
      end: shift.end,
      summary: `${cover ? 'Cover' : 'On call'}: ${scope === 'me' ? where : `${name} (${service.name})`}`,
      description: `${name} is on call${cover ? ' (cover)' : ''} for ${where}. Times are in ${timeZone}.`,
      kind: cover ? 'override' : 'shift',
      serviceId: service.serviceId,
      clinicianId: shift.clinicianId,
    };
  });
  if (scope === 'svc')
    for (const gap of gaps) {
      const why =
        gap.reason !== undefined && gap.clinicianId !== undefined
          ? ` ${rota.nameOf(gap.clinicianId)} ${REASONS[gap.reason] ?? 'cannot be paged'}, so they are not paged.`
          : '';
      events.push({
        uid: unique(`${base}.gap.${gap.start}`),
        start: gap.start,
        end: gap.end,
        summary: `Nobody on call (${service.name})`,
        description: `Nobody is on call for ${where}: a request goes to the fallback.${why} Times are in ${timeZone}.`,
        kind: 'gap',
        serviceId: service.serviceId,
      });
    }
  return events.sort((a, b) => a.start - b.start);
}

/** Everyone's shifts of one service, and its gaps. */
export function serviceFeedEvents(service: Service, rota: FeedRota): FeedEvent[] {
  return serviceEvents(service, rota, 'svc');
}

/** One clinician's shifts across every service of the clinic. */
export function clinicianFeedEvents(
  clinicianId: string,
  services: readonly Service[],
  rota: FeedRota,
): FeedEvent[] {
  return services
    .flatMap((service) => serviceEvents(service, rota, 'me'))
    .filter((e) => e.clinicianId === clinicianId)
    .sort((a, b) => a.start - b.start || a.serviceId.localeCompare(b.serviceId));
}
