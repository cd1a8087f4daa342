// A clinic built through the API for the channel flows: ana then ben, one named level each (an hour's
// wait, so only answers and failures move a request on), no contact methods yet, and the keys to use.
import { PLATFORM_KEY, type Call, type Reply } from './http.js';

export function expectStatus(reply: Reply, status: number): Reply {
  if (reply.status !== status) throw new Error(`expected ${status}, got ${reply.status}: ${reply.text}`);
  return reply;
}

export async function twoPersonClinic(call: Call, clinicId: string) {
  expectStatus(
    await call('PUT', `/v1/clinics/${clinicId}`, {
      key: PLATFORM_KEY,
      body: {
        name: `Clinic ${clinicId}`,
        timezone: 'Europe/London',
        fallback: [{ name: 'Duty', phone: '+447700900999' }],
      },
    }),
    200,
  );
  const key = async (by: string, body: object) =>
    expectStatus(await call('POST', `/v1/clinics/${clinicId}/keys`, { key: by, body }), 201).body
      .key as string;
  const admin = await key(PLATFORM_KEY, { role: 'admin', label: 'admin' });
  const intake = await key(admin, { role: 'intake', label: 'desk' });
  for (const who of ['ana', 'ben'])
    expectStatus(
      await call('PUT', `/v1/clinics/${clinicId}/clinicians/${who}`, { key: admin, body: { name: who } }),
      200,
    );
  expectStatus(
    await call('PUT', `/v1/clinics/${clinicId}/services/general`, {
      key: admin,
      body: {
        name: 'General',
        rotation: {
          participants: ['ana', 'ben'],
          start: '2026-01-05',
          handoff: { every: 'day', at: '00:00' },
        },
        escalation: {
          levels: [
            { notify: { clinicianId: 'ana' }, ackTimeoutSeconds: 3600 },
            { notify: { clinicianId: 'ben' }, ackTimeoutSeconds: 3600 },
          ],
          repeat: 0,
        },
      },
    }),
    200,
  );
  /** Submits one request to `general`; its id. */
  const submit = async (summary: string) =>
    expectStatus(
      await call('POST', `/v1/clinics/${clinicId}/requests`, {
        key: intake,
        headers: { 'idempotency-key': `k-${Math.random()}` },
        body: { serviceId: 'general', urgency: 'emergency', summary, callbackPhone: '+447700900998' },
      }),
      202,
    ).body.requestId as string;
  return { admin, intake, submit };
}
