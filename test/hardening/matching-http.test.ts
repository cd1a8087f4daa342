// Matching over real HTTP on the local stack (with the OpenAPI contract check): the admin lists a
// clinician's languages, the service requires a match, the hotline submits for a Spanish speaker, and the
// page goes to the only clinician who speaks Spanish; the acceptor sees the need, the page text does not.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  createClinic,
  expectStatus,
  outbox,
  startStack,
  submit,
  type HardeningStack,
  type TestClinic,
} from './support/local.js';

jest.setTimeout(60_000);

describe(`matching over HTTP (${process.env.DYNAMO_ENGINE})`, () => {
  let h: HardeningStack;
  let a: TestClinic;

  beforeAll(async () => {
    h = await startStack();
    a = await createClinic(h.call, 'matching', 60);
  });
  afterAll(() => h?.close());

  it('pages only the clinician who speaks the caller’s language when the service requires it', async () => {
    const c2 = expectStatus(
      await h.call('PUT', `/v1/clinics/${a.clinicId}/clinicians/c2`, {
        key: a.admin,
        body: { name: 'Clinician C2', languages: ['ES-mx', 'en'], ageGroups: ['adolescent'] },
      }),
      200,
    ).body;
    expect(c2).toMatchObject({ languages: ['es-MX', 'en'], ageGroups: ['adolescent'] });
    // A PUT that leaves them out keeps them.
    const kept = expectStatus(
      await h.call('PUT', `/v1/clinics/${a.clinicId}/clinicians/c2`, {
        key: a.admin,
        body: { name: 'Clinician C2' },
      }),
      200,
    ).body;
    expect(kept).toMatchObject({ languages: ['es-MX', 'en'] });

    const service = expectStatus(
      await h.call('GET', `/v1/clinics/${a.clinicId}/services/general`, { key: a.admin }),
      200,
    ).body;
    const { name, rotation, escalation } = service as Record<string, unknown>;
    expectStatus(
      await h.call('PUT', `/v1/clinics/${a.clinicId}/services/general`, {
        key: a.admin,
        body: { name, rotation, escalation, matching: 'require' },
      }),
      200,
    );

    const bad = await submit(h.call, a, { language: 'Spanish please' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'language', message: 'use a BCP 47 language tag such as es, pl or pt-BR' },
    ]);

    const submitted = expectStatus(await submit(h.call, a, { language: 'es' }), 202).body;
    expect(
      submitted.timeline.map((e: { type: string; reason?: string }) => [e.type, e.reason ?? null]),
    ).toEqual([
      ['submitted', null],
      [
        'routed',
        expect.stringContaining(
          'matching language es (required): Clinician C1 of matching (does not speak es) skipped',
        ),
      ],
      ['level_skipped', 'no_match'],
      ['page_sent', null],
    ]);
    expect(submitted.paging).toEqual([{ clinicianId: 'c2', name: 'Clinician C2' }]);
    expect(submitted).not.toHaveProperty('language'); // the hotline's view has no caller details

    const pages = await outbox(h.call, a.phones.c2); // pages only, no verification codes
    expect(pages).toHaveLength(1);
    expect(JSON.stringify(pages)).not.toMatch(/\bes\b|Spanish/);
    expect(await outbox(h.call, a.phones.c1)).toEqual([]);

    const accepted = expectStatus(
      await h.call('POST', `/v1/clinics/${a.clinicId}/requests/${submitted.requestId}/acknowledge`, {
        key: a.clinicians.c2,
      }),
      200,
    ).body;
    expect(accepted).toMatchObject({ language: 'es', status: 'acknowledged' });
  });
});
