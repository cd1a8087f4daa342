// Shift notices: the person on call next is told their notice minutes before (default 60), once per stretch
// however many checks run; at its end they get a summary of their pages; inactive people and those who
// turned notices off get none.
import { FakeCoverRequests } from '../cover/fake-cover-requests.js';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { checkClinic } from '../../../shared/app/rota-check/check-clinic.js';
import type { RotaCheckDeps } from '../../../shared/app/rota-check/rota-check-deps.js';
import { respondByApi } from '../../../shared/app/requests/respond-to-page.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { localWhen, shiftNoticeText } from '../../../shared/domain/paging/shift-notice-text.js';
import { NOTICE_CLAIM_STALE_MS, stretchesOf } from '../../../shared/domain/rota/shift-notices.js';
import type { Pager } from '../../../shared/ports/pager.js';
import {
  asClinician,
  BASE_URL,
  body,
  CALLBACK,
  CLINIC_ID,
  clinician,
  FakeClinicStore,
  FakePager,
  FakeRequestStore,
  harness,
  HOUR,
  intake,
  MINUTE,
  PHONES,
  RecordingSignals,
  seedClinic,
  SUMMARY,
  T0,
} from '../requests/fakes.js';
import { FakeRotaNotices } from './fake-rota-notices.js';

// T0 is Monday 2 March 2026, 12:00 in London (GMT): ana is on call until Tuesday 08:00, then ben.
const TUESDAY_0800 = Date.parse('2026-03-03T08:00:00Z');
let now: number;
let clinics: FakeClinicStore;
let requests: FakeRequestStore;
let store: FakeRotaNotices;
let pager: FakePager;
let signals: RecordingSignals;
const deps = (over: Partial<RotaCheckDeps> = {}): RotaCheckDeps => ({
  clinics,
  directory: store,
  gapAlerts: store,
  shiftNotices: store,
  covers: new FakeCoverRequests(),
  requests,
  pager,
  clock: () => now,
  signals,
  publicBaseUrl: BASE_URL,
  ...over,
});
const notices = (to?: string) =>
  pager.sent.filter((p) => p.purpose === 'shift-notice' && (to === undefined || p.to === to));

beforeEach(async () => {
  now = T0;
  clinics = new FakeClinicStore();
  requests = new FakeRequestStore();
  await seedClinic(clinics);
  store = new FakeRotaNotices(clinics);
  pager = new FakePager(() => now);
  signals = new RecordingSignals();
});

describe('the notice before a stretch on call', () => {
  it('goes 60 minutes before, once, however often the check runs', async () => {
    now = TUESDAY_0800 - 61 * MINUTE;
    await checkClinic(deps(), CLINIC_ID);
    expect(notices()).toHaveLength(0);
    for (const minutes of [60, 55, 30, 5, 1]) {
      now = TUESDAY_0800 - minutes * MINUTE;
      await checkClinic(deps(), CLINIC_ID);
    }
    expect(notices().map((n) => [n.to, n.text])).toEqual([
      [
        PHONES.ben,
        "crisis-router: you're on call for General, Northside Clinic, from 08:00 today to 08:00 tomorrow.",
      ],
    ]);
    expect(notices()[0]?.clinicianId).toBe('ben');
  });

  it('two checks at once send it once', async () => {
    now = TUESDAY_0800 - 30 * MINUTE;
    await Promise.all([checkClinic(deps(), CLINIC_ID), checkClinic(deps(), CLINIC_ID)]);
    expect(notices(PHONES.ben)).toHaveLength(1);
  });

  it('follows each person’s setting: 120 minutes, or none at all', async () => {
    const ben = await clinics.getClinician(CLINIC_ID, 'ben');
    await clinics.putClinician({ ...clinician('ben'), ...ben, shiftNoticeMinutes: 120 });
    now = TUESDAY_0800 - 119 * MINUTE;
    await checkClinic(deps(), CLINIC_ID);
    expect(notices(PHONES.ben)).toHaveLength(1);

    await clinics.putClinician({ ...clinician('ben'), ...ben, shiftNoticeMinutes: 0 });
    now = TUESDAY_0800 + 23 * HOUR; // ana's next stretch starts Wednesday 08:00: she still gets hers
    await checkClinic(deps(), CLINIC_ID);
    expect(notices(PHONES.ana)).toHaveLength(1);
    now = TUESDAY_0800 + 24 * HOUR + MINUTE; // ben's stretch ended: no summary, notices are off
    await checkClinic(deps(), CLINIC_ID);
    expect(notices(PHONES.ben)).toHaveLength(1);
  });

  it('nobody unreachable or inactive is told they are on call', async () => {
    const ben = await clinics.getClinician(CLINIC_ID, 'ben');
    await clinics.putClinician({ ...clinician('ben'), ...ben, active: false });
    now = TUESDAY_0800 - 30 * MINUTE;
    await checkClinic(deps(), CLINIC_ID);
    expect(notices()).toEqual([]);
  });

  it('a person on call day after day gets one notice for the stretch, not one per handoff', async () => {
    await clinics.putService({
      clinicId: CLINIC_ID,
      serviceId: 'solo',
      name: 'Solo line',
      rotation: {
        participants: ['chloe'],
        start: '2026-03-04',
        handoff: { every: 'day', count: 1, at: '09:00' },
      },
      escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
      updatedAt: 0,
    });
    const firstStart = Date.parse('2026-03-04T09:00:00Z');
    for (let t = firstStart - 2 * HOUR; t < firstStart + 3 * 24 * HOUR; t += 30 * MINUTE) {
      now = t;
      await checkClinic(deps(), CLINIC_ID);
    }
    expect(notices(PHONES.chloe).map((n) => n.text)).toEqual([
      "crisis-router: you're on call for Solo line, Northside Clinic, from 09:00 today until at least 08:00 Thu 19 Mar.",
    ]);
  });

  it('a check killed between its claim and its send: a later check sends it while it is still due', async () => {
    // The process dies while sending the shift notice (gap alerts before it go through).
    const hung: Pager = {
      send: (page) => (page.purpose === 'shift-notice' ? new Promise(() => undefined) : pager.send(page)),
    };
    now = TUESDAY_0800 - 45 * MINUTE;
    void checkClinic(deps({ pager: hung }), CLINIC_ID);
    while (store.notices.claims === 0) await new Promise((resolve) => setImmediate(resolve));
    now += 5 * MINUTE;
    await checkClinic(deps(), CLINIC_ID);
    expect(notices(PHONES.ben)).toHaveLength(0); // the claim is fresh: its holder may still send it
    now += NOTICE_CLAIM_STALE_MS;
    await checkClinic(deps(), CLINIC_ID);
    expect(notices(PHONES.ben)).toHaveLength(1);
  });

  it('no working channel: raised to ops, not marked sent', async () => {
    pager.failFor({ to: PHONES.ben }, { code: 'OptedOut', permanent: true });
    now = TUESDAY_0800 - 30 * MINUTE;
    expect((await checkClinic(deps(), CLINIC_ID))?.shiftNotices).toEqual({ notices: 0, failed: 1 });
    expect(signals.alerts).toContain('notice_undeliverable:shift_start');
  });
});

describe('the summary at the end of a stretch', () => {
  it('counts the pages the person had in it and how many they accepted, with no request detail', async () => {
    const h = harness({ clinics, requests }, T0 + HOUR);
    for (const i of [1, 2]) {
      h.setNow(T0 + i * HOUR);
      const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, `notice-${i}`, body());
      if (i === 1) {
        h.advance(30_000);
        await respondByApi(h.deps, asClinician('ana'), CLINIC_ID, stored.request.requestId, 'acknowledge');
      }
    }
    now = TUESDAY_0800 + 5 * MINUTE;
    await checkClinic(deps(), CLINIC_ID);
    await checkClinic(deps(), CLINIC_ID);
    const summaries = notices(PHONES.ana);
    expect(summaries.map((n) => n.text)).toEqual([
      'crisis-router: your on-call time for General, Northside Clinic ended at 08:00 today. Pages: 2, accepted: 1. Thank you.',
    ]);
    for (const n of pager.sent.filter((p) => p.purpose === 'shift-notice')) {
      expect(n.text).not.toContain(SUMMARY);
      expect(n.text).not.toContain(CALLBACK);
    }
  });

  it('is not sent once the check has been down for more than 30 minutes after the end', async () => {
    now = TUESDAY_0800 + 31 * MINUTE;
    await checkClinic(deps(), CLINIC_ID);
    expect(notices(PHONES.ana)).toEqual([]);
  });
});

describe('stretches and wording', () => {
  it('joins one person’s back-to-back shifts of a service', () => {
    expect(
      stretchesOf('s', [
        { clinicianId: 'a', start: 0, end: 10, source: 'rotation' },
        { clinicianId: 'a', start: 10, end: 20, source: 'override' },
        { clinicianId: 'b', start: 20, end: 30, source: 'rotation' },
        { clinicianId: 'a', start: 40, end: 50, source: 'rotation' },
      ] as never),
    ).toEqual([
      { serviceId: 's', clinicianId: 'a', start: 0, end: 20 },
      { serviceId: 's', clinicianId: 'b', start: 20, end: 30 },
      { serviceId: 's', clinicianId: 'a', start: 40, end: 50 },
    ]);
  });

  it("says the day in the clinic's words and clock, across the spring DST change", () => {
    const now = Date.parse('2026-03-28T17:00:00Z'); // Saturday 17:00 GMT
    expect(localWhen('Europe/London', now, Date.parse('2026-03-28T18:00:00Z'))).toBe('18:00 today');
    expect(localWhen('Europe/London', now, Date.parse('2026-03-29T07:00:00Z'))).toBe('08:00 tomorrow');
    expect(localWhen('Europe/London', now, Date.parse('2026-03-31T07:00:00Z'))).toBe('08:00 Tue 31 Mar');
    const long = shiftNoticeText({
      kind: 'start',
      serviceName: 'Adolescent and young adult crisis line (Łódź region, nights)',
      serviceId: 'adolescent',
      clinicName: 'Northside Community Mental Health Partnership Trust',
      clinicId: 'northside',
      timeZone: 'Europe/London',
      now,
      start: Date.parse('2026-03-28T18:00:00Z'),
      end: Date.parse('2026-03-29T07:00:00Z'),
    });
    expect(long.sms.length).toBeLessThanOrEqual(160);
    expect(long.sms).toMatch(
      /^crisis-router: you're on call for Adolescent and .*, from 18:00 today to 08:00 tomorrow\.$/,
    );
    expect([...long.subject].length).toBeLessThan(100);
  });
});
