// The fairness report over real HTTP on the local stack (with the OpenAPI contract check): JSON and CSV
// agree, a clinician who accepted shows their time to accept, and a bad window is a 400 in words.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  createClinic,
  expectStatus,
  startStack,
  submit,
  type HardeningStack,
  type TestClinic,
} from './support/local.js';

jest.setTimeout(60_000);

describe(`fairness report over HTTP (${process.env.DYNAMO_ENGINE})`, () => {
  let h: HardeningStack;
  let a: TestClinic;

  beforeAll(async () => {
    h = await startStack();
    a = await createClinic(h.call, 'fairness', 61);
  });
  afterAll(() => h?.close());

  it('answers JSON and the same rows as CSV, counting the page c1 accepted', async () => {
    const submitted = expectStatus(await submit(h.call, a), 202).body;
    expectStatus(
      await h.call('POST', `/v1/clinics/${a.clinicId}/requests/${submitted.requestId}/acknowledge`, {
        key: a.clinicians.c1,
      }),
      200,
    );
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const path = `/v1/clinics/${a.clinicId}/reports/fairness?from=${from}&to=${to}`;
    const report = expectStatus(await h.call('GET', path, { key: a.admin }), 200).body;
    expect(report).toMatchObject({ clinicId: a.clinicId, timezone: 'Europe/London', requests: 1 });
    const row = (id: string) => report.clinicians.find((c: { clinicianId: string }) => c.clinicianId === id);
    const c1 = row('c1');
    expect(c1).toMatchObject({ pagesReceived: 1, accepted: 1 });
    // c1 and c2 hand over daily: between them they hold every one of the window's 48 hours.
    expect(c1.onCallHours + row('c2').onCallHours).toBe(48);
    expect(c1.medianSecondsToAccept).toBeGreaterThanOrEqual(0);

    const csv = await fetch(`${h.stack.url}${path}&format=csv`, {
      headers: { authorization: `Bearer ${a.admin}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'clinicianId,name,onCallHours,nightHours,weekendHours,pagesReceived,accepted,medianSecondsToAccept',
    );
    expect(lines).toHaveLength(1 + report.clinicians.length);
    expect(lines.find((l) => l.startsWith('c1,'))).toMatch(
      /^c1,Clinician C1 of fairness,\d+(\.\d+)?,\d+(\.\d+)?,\d+(\.\d+)?,1,1,/,
    );

    const bad = await h.call(
      'GET',
      `/v1/clinics/${a.clinicId}/reports/fairness?from=${to}&to=${from}&format=xls`,
      {
        key: a.admin,
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'format', message: 'must be json or csv' }]);
  });
});
