// Measure 8: calendar feeds. A 50-person service (daily handoffs, so the feed has ~100 events) with 200
// overrides over the feed's 97 days, made as a calendar app's fetch makes it (events from the rota, then
// the iCalendar text); and one clinician's feed across three such services. Pure CPU: no store.
import { renderIcs } from '../shared/app/calendar/render-ics.js';
import {
  clinicianFeedEvents,
  serviceFeedEvents,
  type FeedRota,
} from '../shared/domain/calendar/feed-events.js';
import type { Override, Service } from '../shared/domain/model.js';
import { progress, rounded, seededRandom, summarize, type Summary } from './lib/stats.js';

export interface CalendarFeedOptions {
  participants: number;
  overrides: number;
  runs: number;
}

export interface CalendarFeedResult {
  participants: number;
  overrides: number;
  days: number;
  serviceFeed: { events: number; bytes: number; ms: Summary };
  clinicianFeed: { services: number; events: number; bytes: number; ms: Summary };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const DAYS = 97; // the past week and the next 90 days, as a feed shows

function fixture(options: CalendarFeedOptions, serviceIds: string[]) {
  const random = seededRandom(8);
  const people = Array.from({ length: options.participants }, (_, i) => `c${i}`);
  const from = Date.parse('2026-03-20T00:00:00Z');
  const to = from + DAYS * DAY;
  const services: Service[] = serviceIds.map((serviceId, s) => ({
    clinicId: 'bench',
    serviceId,
    name: `Service ${s + 1}`,
    rotation: {
      participants: [...people.slice(s), ...people.slice(0, s)],
      start: '2026-01-05',
      handoff: { every: 'day', count: 1, at: '08:00' },
    },
    escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 300 }], repeat: 0 },
    updatedAt: 0,
  }));
  const overrides: Override[] = serviceIds.flatMap((serviceId) =>
    Array.from({ length: options.overrides }, (_, i) => {
      const start = from + Math.floor(random() * DAYS * 24) * HOUR;
      return {
        overrideId: `${serviceId}-o${i}`,
        clinicId: 'bench',
        serviceId,
        clinicianId: people[Math.floor(random() * people.length)] ?? 'c0',
        start,
        end: start + (1 + Math.floor(random() * 72)) * HOUR,
        createdAt: i,
      };
    }),
  );
  const rota: FeedRota = {
    clinicId: 'bench',
    clinicName: 'Bench Clinic',
    timeZone: 'Europe/London',
    overrides,
    from,
    to,
    nameOf: (id) => `Clinician ${id}`,
    unavailability: () => null,
  };
  return { services, rota };
}

function timed(runs: number, make: () => string) {
  const times: number[] = [];
  let text = '';
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    text = make();
    times.push(performance.now() - t0);
  }
  return { text, ms: rounded(summarize(times), 2) };
}

export async function measureCalendarFeed(options: CalendarFeedOptions): Promise<CalendarFeedResult> {
  const one = fixture(options, ['general']);
  const service = one.services[0] as Service;
  const make = () =>
    renderIcs({
      ...one.rota,
      name: 'bench',
      events: serviceFeedEvents(service, one.rota),
      now: one.rota.from,
    });
  timed(3, make); // warm-up: the rota's handoff plan cache, JIT
  const serviceRun = timed(options.runs, make);
  progress(`calendar feed: service feed median ${serviceRun.ms.median} ms`);

  const three = fixture(options, ['general', 'adolescent', 'addiction']);
  const makeMine = () =>
    renderIcs({
      ...three.rota,
      name: 'mine',
      events: clinicianFeedEvents('c0', three.services, three.rota),
      now: three.rota.from,
    });
  timed(3, makeMine);
  const mineRun = timed(options.runs, makeMine);
  const count = (text: string) => text.split('BEGIN:VEVENT').length - 1;
  return {
    participants: options.participants,
    overrides: options.overrides,
    days: DAYS,
    serviceFeed: { events: count(serviceRun.text), bytes: serviceRun.text.length, ms: serviceRun.ms },
    clinicianFeed: {
      services: three.services.length,
      events: count(mineRun.text),
      bytes: mineRun.text.length,
      ms: mineRun.ms,
    },
  };
}
