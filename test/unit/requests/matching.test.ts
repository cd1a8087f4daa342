// Matching a caller to a clinician (docs/api.md, "Matching"): what counts as a match, how "prefer" orders the
// chain's people and "require" filters them, where the request goes when nobody matches, and what the
// frozen route and the timeline say about it.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { resolveRoute } from '../../../shared/app/requests/resolve-route.js';
import { decide, type Recipient } from '../../../shared/domain/escalation/index.js';
import { createRequest } from '../../../shared/domain/escalation/new-request.js';
import {
  AGE_GROUPS,
  matchOf,
  preferredOrder,
  type AgeGroup,
  type CallerNeeds,
} from '../../../shared/domain/matching.js';
import type { Clinician, Service } from '../../../shared/domain/model.js';
import { submitRequestSchema } from '../../../shared/schemas/request.js';
import { putClinicianSchema } from '../../../shared/schemas/clinician.js';
import { requestView } from '../../../shared/app/requests/request-view.js';
import { respondByApi } from '../../../shared/app/requests/respond-to-page.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import {
  asClinician,
  body,
  clinic,
  CLINIC_ID,
  clinician,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  PHONES,
  seedClinic,
  service,
  T0,
} from './fakes.js';

const ana = (over: Partial<Clinician> = {}) => clinician('ana', { languages: ['en'], ...over });
const ben = (over: Partial<Clinician> = {}) =>
  clinician('ben', { languages: ['en', 'es-MX'], ageGroups: ['adolescent'], ...over });
const rota = (clinicians: Clinician[], services: Service[] = [service()]) => ({
  clinic: clinic(),
  clinicians,
  services,
  overrides: [],
});
const peopleOf = (levels: { recipients: Recipient[] }[]) =>
  levels.map((l) => l.recipients.map((r) => (r.kind === 'clinician' ? r.clinicianId : r.name)));

describe('matchOf', () => {
  it('matches a language on its primary subtag, in any case, and an age group exactly', () => {
    const skills = { languages: ['es-MX', 'pl'], ageGroups: ['adolescent' as const] };
    expect(matchOf(skills, { language: 'es' })).toEqual({ full: true, score: 1, why: 'speaks es' });
    expect(matchOf(skills, { language: 'ES-es' }).full).toBe(true);
    expect(matchOf(skills, { language: 'pt-BR' })).toEqual({
      full: false,
      score: 0,
      why: 'does not speak pt-BR',
    });
    expect(matchOf(skills, { language: 'pl', ageGroup: 'child' })).toEqual({
      full: false,
      score: 1,
      why: 'speaks pl; does not work with child',
    });
    expect(matchOf({}, { ageGroup: 'adolescent' }).full).toBe(false);
    expect(matchOf({}, {})).toEqual({ full: true, score: 0, why: '' });
  });

  it('orders by score, ties kept in their own order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 12 }), (scores) => {
        const items = scores.map((score, index) => ({ score, index }));
        const ordered = preferredOrder(items, (x) => x.score);
        expect([...ordered].sort((a, b) => a.index - b.index)).toEqual(items); // a permutation
        for (let i = 1; i < ordered.length; i++) {
          const [a, b] = [ordered[i - 1], ordered[i]] as [(typeof items)[0], (typeof items)[0]];
          expect(a.score > b.score || (a.score === b.score && a.index < b.index)).toBe(true);
        }
      }),
    );
  });
});

describe('resolveRoute with matching "prefer" (the default)', () => {
  it('pages the matching secondary first, each level keeping its own wait, and says why on the route', () => {
    const { route } = resolveRoute(rota([ana(), ben()]), service(), T0, { language: 'es' });
    expect(peopleOf(route.levels)).toEqual([['ben'], ['ana']]);
    expect(route.levels.map((l) => l.ackTimeoutSeconds)).toEqual([60, 120]);
    expect(route.levels.map((l) => l.why)).toEqual([
      'on call as secondary; speaks es',
      'on call as primary; does not speak es',
    ]);
    expect(route.reason).toBe('matching language es (preferred): paged in the order Ben Smith, Ana Smith');
  });

  it('changes nothing when the primary already matches best, or when nothing was asked', () => {
    const asked = resolveRoute(rota([ana(), ben()]), service(), T0, { language: 'en' });
    expect(peopleOf(asked.route.levels)).toEqual([['ana'], ['ben']]);
    expect(asked.route.reason).toBeUndefined();
    expect(asked.route.levels[0]?.why).toBe('on call as primary; speaks en');
    const plain = resolveRoute(rota([ana(), ben()]), service(), T0);
    expect(plain.route.levels.every((l) => l.why === undefined)).toBe(true);
  });

  it('pages a non-matching chain as it is: better someone than no one', () => {
    const { route } = resolveRoute(rota([ana(), ben()]), service(), T0, { language: 'fr' });
    expect(peopleOf(route.levels)).toEqual([['ana'], ['ben']]);
    expect(route.reason).toBeUndefined();
  });

  it('scores partial matches: language and age group beat language alone', () => {
    const s = service({
      escalation: {
        levels: [
          { notify: 'primary', ackTimeoutSeconds: 60 },
          { notify: { clinicianId: 'chloe' }, ackTimeoutSeconds: 90 },
          { notify: 'secondary', ackTimeoutSeconds: 120 },
        ],
        repeat: 0,
      },
    });
    const chloe = clinician('chloe', { languages: ['es'] });
    const { route } = resolveRoute(rota([ana(), ben(), chloe], [s]), s, T0, {
      language: 'es',
      ageGroup: 'adolescent',
    });
    expect(peopleOf(route.levels)).toEqual([['ben'], ['chloe'], ['ana']]);
    expect(route.levels.map((l) => l.ackTimeoutSeconds)).toEqual([60, 90, 120]);
  });
});

describe('resolveRoute with matching "require"', () => {
  const required = (over: Partial<Service> = {}) => service({ matching: 'require', ...over });

  it('skips a non-matching person at once with reason no_match, and the engine pages the next level', () => {
    const s = required();
    const { route } = resolveRoute(rota([ana(), ben()], [s]), s, T0, { language: 'es' });
    expect(peopleOf(route.levels)).toEqual([[], ['ben']]);
    expect(route.levels[0]).toMatchObject({ skipReason: 'no_match', why: 'does not speak es' });
    expect(route.reason).toBe('matching language es (required): Ana Smith (does not speak es) skipped');

    const request = createRequest({
      requestId: 'r1',
      clinicId: 'northside',
      serviceId: 'general',
      urgency: 'urgent',
      route,
      now: T0,
    });
    const started = decide(request, { type: 'start' }, T0);
    if (started.unchanged) throw new Error('did not start');
    const timeline = started.request.timeline.map((e) => [e.type, e.reason ?? null]);
    expect(timeline).toEqual([
      ['submitted', null],
      ['routed', route.reason],
      ['level_skipped', 'no_match'],
    ]);
    expect(started.request.paged).toEqual([{ clinicianId: 'ben', name: 'Ben Smith' }]);
  });

  it("routes to the fallback service's matching people when nobody of its own matches", () => {
    const spanish = service({
      serviceId: 'spanish',
      name: 'Spanish line',
      rotation: {
        participants: ['chloe'],
        start: '2026-01-05',
        handoff: { every: 'day', count: 1, at: '08:00' },
      },
    });
    const s = required({ fallbackServiceId: 'spanish' });
    const chloe = clinician('chloe', { languages: ['es'] });
    const resolved = resolveRoute(rota([ana(), ben({ languages: ['en'] }), chloe], [s, spanish]), s, T0, {
      language: 'es',
    });
    expect(resolved.routedServiceId).toBe('spanish');
    expect(peopleOf(resolved.route.levels)).toEqual([['chloe'], []]);
    expect(resolved.route.reason).toBe(
      'nobody on call for general matches language es (required): routed to fallback service spanish',
    );
  });

  it("pages the clinic's fallback contacts when nobody anywhere matches, saying so", () => {
    const s = required();
    const resolved = resolveRoute(rota([ana(), ben()], [s]), s, T0, { ageGroup: 'child' });
    expect(peopleOf(resolved.route.levels)).toEqual([['Duty manager', 'Clinical lead']]);
    expect(resolved.route.reason).toBe(
      "nobody on call for general matches age group child (required): paging the clinic's fallback contacts",
    );
  });

  it('keeps the plain reason when nobody is on call at all', () => {
    const s = required({
      rotation: { participants: [], start: '2026-01-05', handoff: { every: 'day', count: 1, at: '08:00' } },
    });
    const resolved = resolveRoute(rota([ana(), ben()], [s]), s, T0, { language: 'es' });
    expect(resolved.route.reason).toBe("nobody on call for general: paging the clinic's fallback contacts");
  });
});

describe('matching, for random chains', () => {
  const skills = fc.record({
    languages: fc.subarray(['en', 'es', 'pl', 'pt-BR']),
    ageGroups: fc.subarray([...AGE_GROUPS]),
  });
  const needs: fc.Arbitrary<CallerNeeds> = fc.record(
    { language: fc.constantFrom('en', 'es', 'pt'), ageGroup: fc.constantFrom<AgeGroup>(...AGE_GROUPS) },
    { requiredKeys: [] },
  );
  const ids = ['ana', 'ben', 'chloe'] as const;
  const chain = fc.array(
    fc.constantFrom<Service['escalation']['levels'][number]['notify']>(
      'primary',
      'secondary',
      'fallback',
      ...ids.map((clinicianId) => ({ clinicianId })),
    ),
    { minLength: 1, maxLength: 5 },
  );

  it('prefer pages the same people, best matches first; require pages only full matches', () => {
    fc.assert(
      fc.property(fc.tuple(skills, skills, skills), needs, chain, (abc, need, notifies) => {
        const people = ids.map((id, i) => clinician(id, abc[i]));
        const levels = notifies.map((notify, i) => ({ notify, ackTimeoutSeconds: 30 + i }));
        const prefer = service({ escalation: { levels, repeat: 0 } });
        const require = service({ escalation: { levels, repeat: 0 }, matching: 'require' });
        const plain = resolveRoute(rota(people, [prefer]), prefer, T0).route;
        const preferred = resolveRoute(rota(people, [prefer]), prefer, T0, need).route;
        // Same people, same waits, same fallback levels in the same places.
        expect(preferred.levels.map((l) => l.ackTimeoutSeconds)).toEqual(
          plain.levels.map((l) => l.ackTimeoutSeconds),
        );
        expect(peopleOf(preferred.levels).flat().sort()).toEqual(peopleOf(plain.levels).flat().sort());
        const scores = preferred.levels.flatMap((l) => {
          const r = l.recipients[0];
          return l.recipients.length === 1 && r?.kind === 'clinician'
            ? [matchOf(people.find((p) => p.clinicianId === r.clinicianId) ?? {}, need).score]
            : [];
        });
        expect(scores).toEqual([...scores].sort((a, b) => b - a));

        const required = resolveRoute(rota(people, [require]), require, T0, need);
        for (const level of required.route.levels)
          for (const r of level.recipients)
            if (r.kind === 'clinician' && level.notify !== 'fallback')
              expect(matchOf(people.find((p) => p.clinicianId === r.clinicianId) ?? {}, need).full).toBe(
                true,
              );
      }),
    );
  });
});

describe('the fields', () => {
  it('take BCP 47 tags in canonical spelling and the four age groups, and refuse others in words', () => {
    expect(
      submitRequestSchema.parse({
        serviceId: 'general',
        urgency: 'urgent',
        summary: 'x',
        language: 'ES-mx',
        ageGroup: 'adolescent',
      }),
    ).toMatchObject({ language: 'es-MX', ageGroup: 'adolescent' });
    const bad = submitRequestSchema.safeParse({
      serviceId: 'general',
      urgency: 'urgent',
      summary: 'x',
      language: 'not a tag',
      ageGroup: 'teen',
    });
    expect(bad.success ? [] : bad.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['language', 'use a BCP 47 language tag such as es, pl or pt-BR'],
      ['ageGroup', 'must be one of child, adolescent, adult, older_adult'],
    ]);
    const twice = putClinicianSchema.safeParse({ name: 'Ana', languages: ['es', 'es'] });
    expect(twice.success ? [] : twice.error.issues.map((i) => i.message)).toEqual([
      'must list each language once',
    ]);
  });
});

describe('submit with a language', () => {
  it('pages the Spanish speaker first, records why on the timeline, and shows the need to the acceptor only', async () => {
    const clinics = new FakeClinicStore();
    await seedClinic(clinics);
    await clinics.putClinician(clinician('ben', { languages: ['es'] }));
    const h = harness({ clinics, requests: new FakeRequestStore() });
    const input = submitRequestSchema.parse({ ...body(), language: 'es' });
    const { stored } = await submitRequest(h.deps, intake, CLINIC_ID, 'idem-match-1', input);
    expect(h.pager.delivered().map((p) => p.to)).toEqual([PHONES.ben]);
    expect(stored.request.timeline.find((e) => e.type === 'routed')?.reason).toBe(
      'matching language es (preferred): paged in the order Ben Smith, Ana Smith',
    );
    // No patient detail in the page: the language stays with the request's details.
    expect(h.pager.delivered().every((p) => !JSON.stringify(p).includes('"es"'))).toBe(true);
    expect(requestView(stored, intake)).not.toHaveProperty('language');
    await respondByApi(h.deps, asClinician('ben'), CLINIC_ID, stored.request.requestId, 'acknowledge');
    const after = await h.deps.requests.get(CLINIC_ID, stored.request.requestId);
    expect(after && requestView(after, asClinician('ben'))).toMatchObject({ language: 'es' });
  });
});
