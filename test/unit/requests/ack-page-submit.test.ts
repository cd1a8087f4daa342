// The ack link's form post (POST /ack/{token}) through the real handler: what the page says when the answer
// changes nothing.
import { describe, expect, it } from '@jest/globals';
import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler as ackPageSubmit } from '../../../functions/ack-page-submit/handler.js';
import { onTimer } from '../../../shared/app/requests/on-timer.js';
import { respondBySms } from '../../../shared/app/requests/sms-reply.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import { apiEvent, lambdaContext } from '../api/events.js';
import {
  body,
  CLINIC_ID,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  PHONES,
  seedClinic,
} from './fakes.js';

const logger = new Logger({ serviceName: 'ack-test', logLevel: 'SILENT' });

async function paged() {
  const clinics = new FakeClinicStore();
  const requests = new FakeRequestStore();
  await seedClinic(clinics);
  const h = harness({ clinics, requests });
  await submitRequest(h.deps, intake, CLINIC_ID, 'idem-key-form', body());
  return { h, requests };
}

const post = (h: Awaited<ReturnType<typeof paged>>['h'], token: string, action: string) =>
  ackPageSubmit(h.deps, logger)(
    apiEvent({
      method: 'POST',
      resource: '/ack/{token}',
      pathParameters: { token },
      body: `action=${action}`,
      contentType: 'application/x-www-form-urlencoded',
    }),
    lambdaContext('ack-page-submit'),
  );

describe('ack link form post', () => {
  it("tells the clinician who accepted that she can't decline now (409 page), and changes nothing", async () => {
    const { h, requests } = await paged();
    const token = h.pager.tokenFor(PHONES.ana);
    await respondBySms(h.deps, PHONES.ana, h.pager.codeFor(PHONES.ana)); // accepted by SMS first
    const version = requests.only().request.version;
    const res = await post(h, token, 'decline');
    expect(res.statusCode).toBe(409);
    expect(res.headers?.['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('You accepted this request, so it can&#39;t be declined now');
    expect(res.body).toContain('call the caller back');
    expect(res.body).not.toContain('Declined');
    expect(requests.only().request).toMatchObject({
      status: 'acknowledged',
      assignee: { clinicianId: 'ana' },
      version,
    });
    expect(h.pager.delivered()).toHaveLength(1);
  });

  it('still says who accepted when someone else did', async () => {
    const { h } = await paged();
    const token = h.pager.tokenFor(PHONES.ana);
    const message = h.timer.last();
    h.setNow(message.dueAt);
    await onTimer(h.deps, message);
    await respondBySms(h.deps, PHONES.ben, h.pager.codeFor(PHONES.ben));
    const res = await post(h, token, 'decline');
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('already acknowledged by Ben Smith');
  });
});
