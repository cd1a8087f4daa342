// One truth about who is on call: the rota, /oncall, /shifts and the submit path agree that a clinician who
// would not be paged (inactive, or gone) is not on call; their shifts read as gaps that say why.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { getGaps, getOnCall, getShifts } from '../../../shared/app/on-call.js';
import { gapsQuerySchema } from '../../../shared/schemas/rota-query.js';
import { createOverride } from '../../../shared/app/overrides.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { withAvailability } from '../../../shared/domain/rota/index.js';
import {
  admin,
  appErrorOf,
  body,
  CLINIC_ID,
  clinician,
  FakeClinicStore,
  harness,
  HOUR,
  intake,
  PHONES,
  seedClinic,
  T0,
  type Harness,
} from '../requests/fakes.js';

let clinics: FakeClinicStore;
let h: Harness;
const adminDeps = () => ({ clinics, keys: undefined as never, clock: h.deps.clock });

beforeEach(async () => {
  clinics = new FakeClinicStore();
  await seedClinic(clinics);
  h = harness({ clinics });
  await clinics.putClinician(clinician('ana', { active: false })); // ana is primary at T0
});

describe('an inactive clinician', () => {
  it('is not on call: /oncall shows the slot empty with why, and the submit path pages the secondary', async () => {
    const onCall = await getOnCall(adminDeps(), admin, CLINIC_ID, 'general', T0);
    expect(onCall.primary).toBeNull();
    expect(onCall.secondary).toMatchObject({ clinicianId: 'ben' });
    expect(onCall.unavailable).toEqual([
      { role: 'primary', clinicianId: 'ana', name: 'Ana Smith', reason: 'clinician_inactive' },
    ]);
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-avail-1', body());
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ben]);
    expect(stored.request.timeline.find((e) => e.type === 'level_skipped')).toMatchObject({ level: 0 });
  });

  it('holds shifts that /shifts shows as gaps with the reason, tiling the window exactly', async () => {
    const from = T0;
    const to = T0 + 48 * HOUR;
    const { shifts, gaps } = await getShifts(adminDeps(), admin, CLINIC_ID, 'general', { from, to });
    expect(shifts.every((s) => s.clinicianId === 'ben')).toBe(true);
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((g) => g.reason === 'clinician_inactive' && g.clinicianId === 'ana')).toBe(true);
    const pieces = [...shifts, ...gaps].map((p) => [Date.parse(p.start), Date.parse(p.end)] as const);
    pieces.sort((a, b) => a[0] - b[0]);
    expect(pieces[0]?.[0]).toBe(from);
    expect(pieces.at(-1)?.[1]).toBe(to);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i]?.[0]).toBe(pieces[i - 1]?.[1]);
  });

  it('leaves coverage gaps that …/gaps lists for the days ahead, with their hours and what covers them', async () => {
    // Daily 08:00 handoffs, ana and ben in turn: from Monday 2 Mar noon (ana's day) over 4 days, ana
    // holds noon to 08:00 Tuesday, then 08:00 Wed to 08:00 Thu, then from 08:00 Fri to Fri noon.
    const gaps = await getGaps(
      adminDeps(),
      admin,
      CLINIC_ID,
      'general',
      gapsQuerySchema.parse({ days: '4' }),
    );
    expect(gaps).toMatchObject({
      serviceId: 'general',
      from: new Date(T0).toISOString(),
      to: new Date(T0 + 96 * HOUR).toISOString(),
      uncoveredHours: 20 + 24 + 4,
      coveredBy: { fallbackContacts: ['Duty manager', 'Clinical lead'] },
    });
    expect(gaps.gaps.map((g) => [g.hours, g.reason, g.name])).toEqual([
      [20, 'clinician_inactive', 'Ana Smith'],
      [24, 'clinician_inactive', 'Ana Smith'],
      [4, 'clinician_inactive', 'Ana Smith'],
    ]);
    expect(gapsQuerySchema.parse({})).toEqual({ days: 30 });
    const tooFar = gapsQuerySchema.safeParse({ days: '93' });
    expect(tooFar.success ? [] : tooFar.error.issues.map((i) => i.message)).toEqual([
      'must be at most 92 days',
    ]);
    const words = gapsQuerySchema.safeParse({ days: 'soon' });
    expect(words.success ? [] : words.error.issues.map((i) => i.message)).toEqual([
      'must be a whole number of days, 1 to 92',
    ]);
  });

  it('cannot be given cover: the override is refused naming clinicianId', async () => {
    const error = await appErrorOf(
      createOverride(adminDeps(), admin, CLINIC_ID, 'general', {
        clinicianId: 'ana',
        start: T0 + HOUR,
        end: T0 + 2 * HOUR,
      }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ path: 'clinicianId', message: expect.stringMatching(/inactive/) }]);
  });
});

describe('overrides that are already over', () => {
  it('are refused naming end; one still running is fine', async () => {
    const deps = adminDeps();
    const now = deps.clock();
    const past = await appErrorOf(
      createOverride(deps, admin, CLINIC_ID, 'general', {
        clinicianId: 'ben',
        start: now - 2 * HOUR,
        end: now,
      }),
    );
    expect(past.code).toBe('validation_failed');
    expect(past.details).toEqual([{ path: 'end', message: expect.stringMatching(/in the past/) }]);
    await expect(
      createOverride(deps, admin, CLINIC_ID, 'general', {
        clinicianId: 'ben',
        start: now - HOUR,
        end: now + 1,
      }),
    ).resolves.toMatchObject({ overrideId: expect.any(String) });
  });
});

describe('withAvailability', () => {
  it('leaves a rota of pageable clinicians as it is', () => {
    const rota = {
      shifts: [{ clinicianId: 'a', start: 0, end: 10, source: 'rotation' as const }],
      gaps: [{ start: 10, end: 20 }],
    };
    expect(withAvailability(rota, () => null)).toEqual(rota);
  });
});
