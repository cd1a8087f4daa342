// Clinics for the benchmarks, shaped like the demo clinic (six clinicians, three services, one override)
// and written straight through the store, plus the API Gateway events the handlers are invoked with.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { makeOverrideId } from '../../shared/domain/override-id.js';
import { randomToken } from '../../shared/app/secrets.js';
import type { Clinic, Clinician, Override, Principal, Service } from '../../shared/domain/model.js';
import type { ClinicStore } from '../../shared/ports/clinic-store.js';
import type { LambdaSite } from '../../infra/local/lambda-event.js';

export interface ClinicFixture {
  clinic: Clinic;
  clinicians: Clinician[];
  services: Service[];
  overrides: Override[];
}

const HOUR = 3_600_000;

/** A phone in Ofcom's drama range (+44 7700 900000-900999): never a real number. */
export const dramaPhone = (n: number) => `+447700900${String(n % 1000).padStart(3, '0')}`;

export function demoLikeClinic(
  clinicId: string,
  options: { now: number; phoneBase: number; ackTimeoutSeconds?: number; emails?: boolean },
): ClinicFixture {
  const { now, phoneBase } = options;
  const ids = ['ana', 'ben', 'chloe', 'dev', 'erin', 'femi'];
  const clinicians: Clinician[] = ids.map((id, i) => ({
    clinicId,
    clinicianId: id,
    name: `Clinician ${id}`,
    phone: dramaPhone(phoneBase + i),
    ...(options.emails && i % 2 === 0 ? { email: `${id}@example.org` } : {}),
    active: true,
    brokenContacts: [],
    updatedAt: now,
  }));
  const escalation: Service['escalation'] = {
    levels: [
      { notify: 'primary', ackTimeoutSeconds: options.ackTimeoutSeconds ?? 30 },
      { notify: 'secondary', ackTimeoutSeconds: options.ackTimeoutSeconds ?? 30 },
    ],
    repeat: 1,
  };
  const services: Service[] = [
    {
      clinicId,
      serviceId: 'general',
      name: 'General',
      rotation: {
        participants: ['ana', 'ben', 'chloe'],
        start: '2026-01-05',
        handoff: { every: 'day', count: 1, at: '08:00' },
      },
      escalation,
      updatedAt: now,
    },
    {
      clinicId,
      serviceId: 'adolescent',
      name: 'Adolescent',
      rotation: {
        participants: ['dev', 'erin'],
        start: '2026-01-05',
        handoff: { every: 'week', count: 1, at: '09:00', weekday: 'mon' },
      },
      escalation,
      fallbackServiceId: 'general',
      updatedAt: now,
    },
    {
      clinicId,
      serviceId: 'addiction',
      name: 'Addiction',
      rotation: {
        participants: ['femi', 'chloe'],
        start: '2026-01-05',
        handoff: { every: 'day', count: 2, at: '18:30' },
      },
      escalation,
      fallbackServiceId: 'general',
      updatedAt: now,
    },
  ];
  const end = now + 12 * HOUR;
  const overrides: Override[] = [
    {
      overrideId: makeOverrideId(end, randomToken(9)),
      clinicId,
      serviceId: 'general',
      clinicianId: 'femi',
      start: now - HOUR,
      end,
      createdAt: now,
    },
  ];
  const clinic: Clinic = {
    clinicId,
    name: `Bench Clinic ${clinicId}`.slice(0, 20),
    timezone: 'Europe/London',
    fallback: [
      { name: 'Duty manager', phone: dramaPhone(phoneBase + 7) },
      { name: 'Clinical lead', phone: dramaPhone(phoneBase + 8) },
    ],
    fallbackRepeatSeconds: 300,
    createdAt: now,
    updatedAt: now,
  };
  return { clinic, clinicians, services, overrides };
}

/** Writes a fixture; the clinic record last, as the demo seed does. */
export async function seedClinic(store: ClinicStore, fixture: ClinicFixture): Promise<void> {
  await Promise.all(fixture.clinicians.map((c) => store.putClinician(c)));
  await Promise.all(fixture.services.map((s) => store.putService(s)));
  await Promise.all(fixture.overrides.map((o) => store.putOverride(o)));
  await store.putClinic(fixture.clinic);
}

export const intakePrincipal = (clinicId: string): Principal => ({
  keyId: `key_bench_${clinicId}`,
  clinicId,
  role: 'intake',
});

/** What API Gateway's REST proxy integration hands submit-request after the authorizer accepted the key. */
export function submitEvent(
  principal: Principal,
  serviceId: string,
  idempotencyKey: string = randomUUID(),
  summary = 'Caller at risk after a relapse, asks for a call back within the hour',
): APIGatewayProxyEvent {
  const body = JSON.stringify({
    serviceId,
    urgency: 'emergency',
    summary,
    callbackPhone: '+447700900555',
  });
  const path = `/v1/clinics/${principal.clinicId}/requests`;
  const headers = {
    Host: 'api.example.org',
    'Content-Type': 'application/json',
    'Idempotency-Key': idempotencyKey,
    Authorization: 'Bearer <redacted by API Gateway>',
  };
  return {
    httpMethod: 'POST',
    path,
    resource: '/v1/clinics/{clinicId}/requests',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { clinicId: principal.clinicId },
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      authorizer: {
        keyId: principal.keyId,
        clinicId: principal.clinicId,
        role: principal.role,
        clinicianId: principal.clinicianId ?? '',
      },
      httpMethod: 'POST',
      path: `/prod${path}`,
      requestId: randomUUID(),
      resourcePath: '/v1/clinics/{clinicId}/requests',
      stage: 'prod',
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

/** lambdaContext's site for the benchmarks: eu-west-2, so the ARN on each log line has its real length. */
export const BENCH_LAMBDA_SITE: LambdaSite = {
  region: 'eu-west-2',
  account: '123456789012',
  logGroupPrefix: '/aws/lambda',
  logStreamName: 'bench',
};

/** Captures what is written to stdout and stderr (the handlers' JSON logs and EMF metrics) and counts it. */
export function captureOutput(): { bytes: () => number; lines: () => string[]; restore: () => void } {
  const captured: string[] = [];
  const originals = [process.stdout.write, process.stderr.write] as const;
  const swallow = function (chunk: unknown): boolean {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  } as typeof process.stdout.write;
  process.stdout.write = swallow;
  process.stderr.write = swallow;
  return {
    bytes: () => captured.reduce((sum, s) => sum + Buffer.byteLength(s), 0),
    lines: () => captured.join('').split('\n').filter(Boolean),
    restore: () => {
      process.stdout.write = originals[0];
      process.stderr.write = originals[1];
    },
  };
}
