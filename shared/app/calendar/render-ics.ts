// A feed's events as an iCalendar file (RFC 5545), written by ical-generator. Times are local to the
// clinic (TZID) with the clinic's VTIMEZONE (vtimezone.ts). The library writes DTSTAMP in the calendar's
// zone, without the UTC "Z" the standard requires, when the calendar itself carries a zone; so the zone
// goes on each event and the VTIMEZONE block is placed after the calendar's own properties.
import ical, { ICalEventTransparency } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import type { FeedEvent } from '../../domain/calendar/feed-events.js';
import { vtimezone } from '../../domain/calendar/vtimezone.js';

export interface FeedCalendar {
  name: string;
  timeZone: string;
  events: readonly FeedEvent[];
  /** The window the events were cut to: the VTIMEZONE covers it. */
  from: number;
  to: number;
  now: number;
}

function repeatedWallTime(at: Temporal.ZonedDateTime): boolean {
  const wall = at.toPlainDateTime();
  const earlier = wall.toZonedDateTime(at.timeZoneId, { disambiguation: 'earlier' });
  const later = wall.toZonedDateTime(at.timeZoneId, { disambiguation: 'later' });
  return earlier.epochMilliseconds !== later.epochMilliseconds;
}

export function renderIcs(feed: FeedCalendar): string {
  const calendar = ical({
    name: feed.name,
    prodId: { company: 'crisis-router', product: 'rota', language: 'EN' },
    // Calendar apps re-read a feed at their own pace; this asks for hourly.
    ttl: 3600,
  });
  calendar.x([['X-WR-TIMEZONE', feed.timeZone]]);
  const zoned = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(feed.timeZone);
  for (const event of feed.events) {
    // A time in the hour the clocks repeat reads two ways (RFC 5545 says the first; some parsers take the
    // second), so such an event is written in UTC, which reads one way everywhere.
    const local = !repeatedWallTime(zoned(event.start)) && !repeatedWallTime(zoned(event.end));
    calendar.createEvent({
      id: `${event.uid}@crisis-router`,
      start: local ? zoned(event.start) : new Date(event.start),
      end: local ? zoned(event.end) : new Date(event.end),
      ...(local && { timezone: feed.timeZone }),
      stamp: new Date(feed.now),
      summary: event.summary,
      description: event.description,
      // On call is not busy: a shift must not block the person's calendar for other invitations.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  const text = calendar.toString();
  const block = `${vtimezone(feed.timeZone, feed.from, feed.to)}\r\n`;
  const at = text.indexOf('BEGIN:VEVENT');
  return at === -1
    ? text.replace('END:VCALENDAR', `${block}END:VCALENDAR`)
    : `${text.slice(0, at)}${block}${text.slice(at)}`;
}
