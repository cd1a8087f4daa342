// The fairness report: hours split by the clinic's clock (DST days too), pages and acceptances counted
// from timelines, the report over fakes, and a CSV a spreadsheet cannot be tricked by.
import { describe, expect, it } from '@jest/globals';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { respondByApi } from '../../../shared/app/requests/respond-to-page.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { fairnessCsv, fairnessReport } from '../../../shared/app/reports/fairness-report.js';
import { median, splitHours, tallyPages, type PageTally } from '../../../shared/domain/fairness.js';
import type { TimelineEntry } from '../../../shared/domain/escalation/index.js';
import {
  admin,
  appErrorOf,
  asClinician,
  body,
  CLINIC_ID,
  clinician,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  seedClinic,
} from '../requests/fakes.js';

const at = (iso: string) => Date.parse(iso);

describe('splitHours', () => {
  it('splits a weekday into night and day hours on the clinic clock', () => {
    // Wed 4 Mar 2026, London (GMT): 08:00 to 08:00 next day = 24 h, of which 20:00–08:00 is night.
    expect(splitHours(at('2026-03-04T08:00:00Z'), at('2026-03-05T08:00:00Z'), 'Europe/London')).toEqual({
      total: 24,
      night: 12,
      weekend: 0,
    });
  });

  it('counts the real hours of a DST night: 11 when the clocks go forward, 13 when they go back', () => {
    // London, Sat 28 → Sun 29 Mar 2026: 20:00 GMT to 08:00 BST is 11 real hours, all night, all weekend.
    expect(splitHours(at('2026-03-28T20:00:00Z'), at('2026-03-29T07:00:00Z'), 'Europe/London')).toEqual({
      total: 11,
      night: 11,
      weekend: 11,
    });
    // Sat 24 → Sun 25 Oct 2026: 20:00 BST to 08:00 GMT is 13 real hours.
    expect(splitHours(at('2026-10-24T19:00:00Z'), at('2026-10-25T08:00:00Z'), 'Europe/London')).toEqual({
      total: 13,
      night: 13,
      weekend: 13,
    });
  });

  it('reads night and weekend in the clinic zone, not UTC', () => {
    // Fri 6 Mar 2026 20:00 to Sat 02:00 in New York (EST, UTC-5): 6 h of night, 2 of them Saturday.
    expect(splitHours(at('2026-03-07T01:00:00Z'), at('2026-03-07T07:00:00Z'), 'America/New_York')).toEqual({
      total: 6,
      night: 6,
      weekend: 2,
    });
    expect(splitHours(10, 10, 'UTC')).toEqual({ total: 0, night: 0, weekend: 0 });
  });
});

describe('tallyPages', () => {
  const ana = { clinicianId: 'ana', name: 'Ana' };
  const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({ at: 0, type: 'page_sent', ...over });

  it('counts one page per attempt whatever its channels, skips notices, and times each acceptance', () => {
    const tallies = new Map<string, PageTally>();
    tallyPages(
      [
        entry({ at: 1000, who: ana, attempt: 1, channel: 'sms' }),
        entry({ at: 1500, who: ana, attempt: 1, channel: 'email' }),
        entry({ at: 5000, who: ana, attempt: 3, channel: 'sms' }),
        entry({ at: 9000, who: ana, attempt: 3, channel: 'sms', notice: 'contact_reminder' }),
        entry({ at: 47_000, type: 'acknowledged', who: ana }),
        entry({ at: 2000, who: { name: 'Duty manager' }, attempt: 2 }),
      ],
      tallies,
    );
    expect(tallies).toEqual(new Map([['ana', { pages: 2, accepted: 1, secondsToAccept: [42] }]]));
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 20, 30])).toBe(25);
  });
});

describe('fairnessReport', () => {
  async function world() {
    const clinics = new FakeClinicStore();
    await seedClinic(clinics);
    const h = harness({ clinics, requests: new FakeRequestStore() });
    return h;
  }
  const window = { from: at('2026-03-02T08:00:00Z'), to: at('2026-03-04T08:00:00Z') };

  it('gives each clinician their hours and their pages: one accepted after a timeout to the next', async () => {
    const h = await world();
    const first = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-fair-1', body());
    const now = h.advance(60_000); // ana's page times out: ben is paged
    for (const message of h.timer.takeDue(now)) await onTimer(h.deps, message);
    h.advance(30_000);
    await respondByApi(h.deps, asClinician('ben'), CLINIC_ID, first.stored.request.requestId, 'acknowledge');

    const report = await fairnessReport(h.deps, admin, CLINIC_ID, window);
    const rows = Object.fromEntries(report.clinicians.map((c) => [c.clinicianId, c]));
    expect(report.requests).toBe(1);
    // Daily 08:00 handoffs from Monday 5 Jan: ana holds 2 Mar, ben 3 Mar (general); chloe's service has
    // not started.
    expect(rows.ana).toMatchObject({ onCallHours: 24, nightHours: 12, pagesReceived: 1, accepted: 0 });
    expect(rows.ben).toMatchObject({
      onCallHours: 24,
      pagesReceived: 1,
      accepted: 1,
      medianSecondsToAccept: 30,
    });
    expect(rows.chloe).toMatchObject({ onCallHours: 0, pagesReceived: 0, medianSecondsToAccept: null });
  });

  it('is for the clinic admin only', async () => {
    const h = await world();
    expect(await appErrorOf(fairnessReport(h.deps, intake, CLINIC_ID, window))).toMatchObject({
      code: 'forbidden',
    });
  });

  it('writes CSV that quotes commas and defuses formulas', async () => {
    const h = await world();
    await h.deps.clinics.putClinician(clinician('ana', { name: '=HYPERLINK("x"), Ana' }));
    const csv = fairnessCsv(await fairnessReport(h.deps, admin, CLINIC_ID, window));
    const [header, first] = csv.split('\r\n');
    expect(header).toBe(
      'clinicianId,name,onCallHours,nightHours,weekendHours,pagesReceived,accepted,medianSecondsToAccept',
    );
    expect(first).toBe(`ana,"'=HYPERLINK(""x""), Ana",24,12,0,0,0,`);
  });
});
