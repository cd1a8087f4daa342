// The coverage-gap check: each new gap alerted once to the clinic's fallback contacts, however often and
// however many checks run; a check killed between its claim and its send is taken over later; a send that
// reaches nobody is retried, never marked done.
import { FakeCoverRequests } from '../cover/fake-cover-requests.js';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { checkAllClinics } from '../../../shared/app/rota-check/check-all-clinics.js';
import { checkClinicGaps } from '../../../shared/app/rota-check/check-clinic-gaps.js';
import type { RotaCheckDeps } from '../../../shared/app/rota-check/rota-check-deps.js';
import { getGaps, getShifts } from '../../../shared/app/on-call.js';
import { GAP_CLAIM_STALE_MS } from '../../../shared/domain/rota/gap-alerts.js';
import type { Pager } from '../../../shared/ports/pager.js';
import {
  admin,
  BASE_URL,
  CALLBACK,
  CLINIC_ID,
  clinic,
  clinician,
  FakeClinicStore,
  FakePager,
  FakeRequestStore,
  HOUR,
  MINUTE,
  PHONES,
  RecordingSignals,
  seedClinic,
  SUMMARY,
  T0,
} from '../requests/fakes.js';
import { FakeRotaNotices } from './fake-rota-notices.js';

const DAY = 24 * HOUR;
let now: number;
let clinics: FakeClinicStore;
let gapAlerts: FakeRotaNotices;
let pager: FakePager;
let signals: RecordingSignals;
const deps = (over: Partial<RotaCheckDeps> = {}): RotaCheckDeps => ({
  clinics,
  directory: gapAlerts,
  gapAlerts,
  shiftNotices: gapAlerts,
  covers: new FakeCoverRequests(),
  requests: new FakeRequestStore(),
  pager,
  clock: () => now,
  signals,
  publicBaseUrl: BASE_URL,
  ...over,
});
const alerts = () => pager.sent.filter((p) => p.purpose === 'gap-alert');

beforeEach(async () => {
  now = T0;
  clinics = new FakeClinicStore();
  await seedClinic(clinics); // adolescent and night: nobody on call for years; general: ana and ben
  gapAlerts = new FakeRotaNotices(clinics);
  pager = new FakePager(() => now);
  signals = new RecordingSignals();
});

describe('one alert per new gap', () => {
  it('alerts the gaps once, to every fallback contact, and never again for the same gaps', async () => {
    const first = await checkClinicGaps(deps(), CLINIC_ID);
    expect(first).toEqual({ clinicId: CLINIC_ID, gaps: 2, alerted: 2, sent: 2, failed: 0 });
    expect(
      alerts()
        .map((p) => [p.channel, p.to])
        .sort(),
    ).toEqual([
      ['sms', PHONES.duty],
      ['sms', PHONES.lead],
    ]);
    expect(alerts()[0]?.text).toMatch(
      /^crisis-router: nobody on call for Adolescent, now to .* \+1 more gap\./,
    );

    for (const later of [HOUR, DAY, 5 * DAY]) {
      now = T0 + later;
      expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ gaps: 2, alerted: 0, sent: 0 });
    }
    expect(alerts()).toHaveLength(2);
    expect(signals.counts.GapAlerts).toBe(2);
  });

  it('alerts a gap made later (someone deactivated), and each of their shifts as it comes into view', async () => {
    await checkClinicGaps(deps(), CLINIC_ID);
    const ben = await clinics.getClinician(CLINIC_ID, 'ben');
    await clinics.putClinician({ ...clinician('ben'), ...ben, active: false });
    now = T0 + HOUR;
    const second = await checkClinicGaps(deps(), CLINIC_ID);
    // Ben holds every other day of the next 30 (the general rota alternates ana and ben at 08:00).
    expect(second?.alerted).toBe(15);
    const sms = alerts().at(-1)?.text ?? '';
    expect(sms).toMatch(
      /nobody on call for General, Tue 3 Mar 08:00 to Wed 4 Mar 08:00 \(Ben Smith is inactive\)\. \+14 more gaps\./,
    );
    expect(sms.length).toBeLessThanOrEqual(160);
    const email = pager.sent.find((p) => p.channel === 'email' && p.purpose === 'gap-alert');
    expect(email).toBeUndefined(); // the fallback contacts have no email method
    // A day on, the shift that has come into view at the far end is new: one more alert for it alone.
    now = T0 + DAY + HOUR;
    expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ alerted: 1 });
    expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ alerted: 0 });
  });

  it('two checks at once send each alert once', async () => {
    const [a, b] = await Promise.all([
      checkClinicGaps(deps(), CLINIC_ID),
      checkClinicGaps(deps(), CLINIC_ID),
    ]);
    expect((a?.alerted ?? 0) + (b?.alerted ?? 0)).toBe(2);
    expect(alerts()).toHaveLength(2);
  });

  it('says nothing a caller said: the alert is rota facts only', async () => {
    await checkClinicGaps(deps(), CLINIC_ID);
    for (const p of alerts()) {
      expect(p.text).not.toContain(SUMMARY);
      expect(p.text).not.toContain(CALLBACK);
      expect(p.text).toContain(`${BASE_URL}/admin`);
    }
  });
});

describe('never silent', () => {
  it('a check killed after its claim, before its send: a check 15 minutes on sends it', async () => {
    const hung: Pager = { send: () => new Promise(() => undefined) }; // the process dies mid-send
    void checkClinicGaps(deps({ pager: hung }), CLINIC_ID);
    await new Promise((resolve) => setImmediate(resolve));
    expect(gapAlerts.claims).toBe(2);

    now = T0 + 5 * MINUTE; // the claim is fresh: another check leaves it to its holder
    expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ alerted: 0 });
    now = T0 + GAP_CLAIM_STALE_MS + MINUTE;
    expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ alerted: 2, sent: 2 });
    now += HOUR;
    expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ alerted: 0 });
    expect(alerts()).toHaveLength(2);
  });

  it('killed after the send, before marking it sent: sent again later (a duplicate, never a loss)', async () => {
    let marks = 0;
    const dying = Object.assign(Object.create(gapAlerts) as FakeRotaNotices, {
      markGapAlertSent: async () => {
        marks++;
        throw new Error('killed');
      },
    });
    await expect(checkClinicGaps(deps({ gapAlerts: dying }), CLINIC_ID)).rejects.toThrow('killed');
    expect(marks).toBe(1);
    now = T0 + GAP_CLAIM_STALE_MS + MINUTE;
    expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ alerted: 2 });
    expect(alerts()).toHaveLength(4);
  });

  it('one contact throttled, the other reached: alerted', async () => {
    pager.failFor({ to: PHONES.duty }, { code: 'ThrottlingException', permanent: false });
    expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ alerted: 2, sent: 1, failed: 1 });
  });

  it('nobody reached (both opted out): not marked sent, raised to ops, tried again once the claim is stale', async () => {
    pager.failFor({}, { code: 'OptedOut', permanent: true }, 2);
    expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ alerted: 0, sent: 0, failed: 2 });
    expect(signals.counts.GapAlertsUndelivered).toBe(2);
    expect(signals.alerts).toContain('gap_alert_undelivered');
    now = T0 + GAP_CLAIM_STALE_MS + MINUTE;
    expect(await checkClinicGaps(deps(), CLINIC_ID)).toMatchObject({ alerted: 2, sent: 2 });
  });
});

describe('what counts as a gap to alert', () => {
  it('ignores gaps more than 30 days ahead and gaps already over', async () => {
    await clinics.putService({
      clinicId: CLINIC_ID,
      serviceId: 'later',
      name: 'Later',
      // Starts in 40 days: only the stretch before it is a gap (under way), not anything beyond 30 days.
      rotation: {
        participants: ['ana'],
        start: '2026-04-11',
        handoff: { every: 'day', count: 1, at: '08:00' },
      },
      escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
      updatedAt: 0,
    });
    const result = await checkClinicGaps(deps(), CLINIC_ID);
    expect(result?.alerted).toBe(3);
    const records = await gapAlerts.listGapAlerts(CLINIC_ID);
    expect(records.find((r) => r.serviceId === 'later')).toMatchObject({ start: 0, state: 'sent' });
  });

  it('an unknown clinic is skipped; every clinic of the directory is checked, page by page', async () => {
    expect(await checkClinicGaps(deps(), 'nowhere')).toBeNull();
    for (let i = 0; i < 120; i++)
      await clinics.putClinic(clinic({ clinicId: `c${String(i).padStart(3, '0')}`, name: `Clinic ${i}` }));
    const run = await checkAllClinics(deps());
    expect(run).toMatchObject({ clinics: 122, gaps: 2, alerted: 2, errors: 0 });
  });

  it('a clinic whose check fails does not stop the others', async () => {
    const failing = Object.assign(Object.create(clinics) as FakeClinicStore, {
      loadRota: async (clinicId: string, since: number) => {
        if (clinicId === 'southside') throw new Error('ProvisionedThroughputExceededException');
        return clinics.loadRota(clinicId, since);
      },
    });
    const failed: string[] = [];
    const run = await checkAllClinics(deps({ clinics: failing }), (id) => failed.push(id));
    expect(run).toMatchObject({ clinics: 1, alerted: 2, errors: 1 });
    expect(failed).toEqual(['southside']);
  });
});

describe('the views say which gaps were alerted', () => {
  it('GET …/gaps and /shifts carry alertedAt once the fallback contacts were told', async () => {
    const adminDeps = { clinics, keys: undefined as never, clock: () => now, gapAlerts };
    const before = await getGaps(adminDeps, admin, CLINIC_ID, 'adolescent', { days: 30 });
    expect(before.gaps.map((g) => g.alertedAt)).toEqual([undefined]);
    await checkClinicGaps(deps(), CLINIC_ID);
    now = T0 + HOUR;
    const after = await getGaps(adminDeps, admin, CLINIC_ID, 'adolescent', { days: 30 });
    expect(after.gaps.map((g) => g.alertedAt)).toEqual([new Date(T0).toISOString()]);
    const shifts = await getShifts(adminDeps, admin, CLINIC_ID, 'night', { from: now, to: now + DAY });
    expect(shifts.gaps[0]?.alertedAt).toBe(new Date(T0).toISOString());
    // Ben made inactive: his shifts are new gaps, not alerted until the next check.
    const ben = await clinics.getClinician(CLINIC_ID, 'ben');
    await clinics.putClinician({ ...clinician('ben'), ...ben, active: false });
    const general = await getGaps(adminDeps, admin, CLINIC_ID, 'general', { days: 3 });
    expect(general.gaps.every((g) => g.alertedAt === undefined)).toBe(true);
  });
});
