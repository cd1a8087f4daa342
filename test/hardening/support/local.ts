// The local stack (real handlers over HTTP, the jest DynamoDB engine, outbox pager, in-process timer) and
// clinics made through the API with the platform key, for the suites that go through real HTTP.
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';
import { createLocalClients } from '../../../shared/adapters/aws/dynamo-client.js';
import { hashSecret } from '../../../shared/app/secrets.js';
import { client, PLATFORM_KEY, stackOptions, type Call, type Reply } from '../../integration/api/http.js';
import { verifyPhone } from '../../support/verify-phone.js';

export { PLATFORM_KEY, type Call, type Reply };

export interface HardeningStack {
  stack: LocalStack;
  call: Call;
  tableName: string;
  /** Every item of the stack's table whose `kind` is given (a Scan: verification only). */
  scanKind(kind: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export async function startStack(
  options: { logLevel?: string; sweepIntervalMs?: number } = {},
): Promise<HardeningStack> {
  const { cleanup, ...stackOpts } = await stackOptions(false);
  const stack = await startLocalStack({
    ...stackOpts,
    sweepIntervalMs: options.sweepIntervalMs ?? 3_600_000,
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
  const { client: dynamo, db } = createLocalClients(stackOpts.dynamoEndpoint as string);
  const tableName = stackOpts.tableName as string;
  return {
    stack,
    call: client(stack.url),
    tableName,
    scanKind: async (kind) => {
      const items: Array<Record<string, unknown>> = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: '#kind = :kind',
            ExpressionAttributeNames: { '#kind': 'kind' },
            ExpressionAttributeValues: { ':kind': kind },
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
    close: async () => {
      await stack.close();
      dynamo.destroy();
      await cleanup();
    },
  };
}

/** Fails with the reply in the message, so a broken setup step says what the server answered. */
export function expectStatus(reply: Reply, status: number, what = ''): Reply {
  if (reply.status !== status)
    throw new Error(`${what} expected ${status}, got ${reply.status}: ${reply.text}`);
  return reply;
}

export interface TestClinic {
  clinicId: string;
  admin: string;
  intake: string;
  /** clinicianId -> key */
  clinicians: Record<string, string>;
  /** clinicianId -> phone */
  phones: Record<string, string>;
  fallbackPhone: string;
}

/**
 * A clinic made through the API: platform creates it and its admin key; the admin adds two clinicians
 * (c1 primary, c2 secondary all day, every day), the `general` service and intake and clinician keys.
 */
export async function createClinic(
  call: Call,
  clinicId: string,
  index: number,
  options: { ackTimeoutSeconds?: number; fallbackRepeatSeconds?: number } = {},
): Promise<TestClinic> {
  const phone = (n: number) => `+447700${String(900000 + index * 10 + n).padStart(6, '0')}`;
  const fallbackPhone = phone(9);
  expectStatus(
    await call('PUT', `/v1/clinics/${clinicId}`, {
      key: PLATFORM_KEY,
      body: {
        name: `Clinic ${clinicId}`,
        timezone: 'Europe/London',
        fallback: [{ name: 'Duty manager', phone: fallbackPhone }],
        fallbackRepeatSeconds: options.fallbackRepeatSeconds ?? 3600,
      },
    }),
    200,
    'put clinic',
  );
  const admin = expectStatus(
    await call('POST', `/v1/clinics/${clinicId}/keys`, {
      key: PLATFORM_KEY,
      body: { role: 'admin', label: 'admin' },
    }),
    201,
    'admin key',
  ).body.key as string;
  const phones: Record<string, string> = { c1: phone(1), c2: phone(2) };
  for (const [clinicianId, p] of Object.entries(phones)) {
    expectStatus(
      await call('PUT', `/v1/clinics/${clinicId}/clinicians/${clinicianId}`, {
        key: admin,
        body: { name: `Clinician ${clinicianId.toUpperCase()} of ${clinicId}`, phone: p },
      }),
      200,
      'put clinician',
    );
    await verifyPhone(call, { clinicId, clinicianId, phone: p, key: admin });
  }
  expectStatus(
    await call('PUT', `/v1/clinics/${clinicId}/services/general`, {
      key: admin,
      body: {
        name: 'General',
        rotation: { participants: ['c1', 'c2'], start: '2026-01-05', handoff: { every: 'day', at: '00:00' } },
        escalation: {
          levels: [
            { notify: { clinicianId: 'c1' }, ackTimeoutSeconds: options.ackTimeoutSeconds ?? 3600 },
            { notify: { clinicianId: 'c2' }, ackTimeoutSeconds: options.ackTimeoutSeconds ?? 3600 },
          ],
          repeat: 0,
        },
      },
    }),
    200,
    'put service',
  );
  const key = async (body: Record<string, string>) =>
    expectStatus(await call('POST', `/v1/clinics/${clinicId}/keys`, { key: admin, body }), 201, 'key').body
      .key as string;
  return {
    clinicId,
    admin,
    intake: await key({ role: 'intake', label: 'hotline' }),
    clinicians: {
      c1: await key({ role: 'clinician', clinicianId: 'c1', label: 'c1' }),
      c2: await key({ role: 'clinician', clinicianId: 'c2', label: 'c2' }),
    },
    phones,
    fallbackPhone,
  };
}

export const SUMMARY = 'Caller Jo K. took an overdose 20 min ago, alone at home, partner threatened her';
export const CALLBACK = '+447700900777';

export const submitBody = (over: Record<string, unknown> = {}) => ({
  serviceId: 'general',
  urgency: 'emergency',
  summary: SUMMARY,
  callbackPhone: CALLBACK,
  ...over,
});

export async function submit(
  call: Call,
  clinic: TestClinic,
  over: Record<string, unknown> = {},
  key: string = randomUUID(),
) {
  return call('POST', `/v1/clinics/${clinic.clinicId}/requests`, {
    key: clinic.intake,
    body: submitBody(over),
    headers: { 'Idempotency-Key': key },
  });
}

export interface OutboxEntry {
  to: string;
  clinicianId?: string;
  channel: string;
  purpose?: 'verification' | 'test';
  text: string;
  ackUrl: string;
  code: string;
  sentAt: string;
}

/** Every message in the local outbox, verification codes and test pages included. */
export async function allOutbox(call: Call, phone?: string): Promise<OutboxEntry[]> {
  const reply = await call('GET', `/local/outbox${phone ? `?phone=${encodeURIComponent(phone)}` : ''}`);
  expectStatus(reply, 200, 'outbox');
  return reply.body.messages as OutboxEntry[];
}

/** The requests' pages and notices in the outbox: what the tests count. */
export async function outbox(call: Call, phone?: string): Promise<OutboxEntry[]> {
  return (await allOutbox(call, phone)).filter((m) => m.purpose === undefined);
}

export const tokenOf = (entry: { ackUrl: string }) => entry.ackUrl.slice(entry.ackUrl.lastIndexOf('/') + 1);

/** The request a page (outbox entry) belongs to, from its link token's record. */
export async function pageRecord(stack: LocalStack, entry: { ackUrl: string }) {
  return stack.requestDeps.requests.findAckToken(hashSecret(tokenOf(entry)));
}

/** The first page of a request: its outbox entry (found through the token records). */
export async function pageFor(h: HardeningStack, requestId: string, phone: string): Promise<OutboxEntry> {
  for (const entry of (await outbox(h.call, phone)).reverse()) {
    if (!entry.ackUrl) continue;
    if ((await pageRecord(h.stack, entry))?.requestId === requestId) return entry;
  }
  throw new Error(`no page for ${requestId} to ${phone}`);
}

/** A raw HTTP request (for what fetch will not send: repeated headers, odd methods). */
export function rawRequest(
  url: string,
  options: { method: string; headers?: Record<string, string | string[]>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      new URL(url),
      { method: options.method, headers: options.headers, agent: false },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        const done = () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
          req.destroy();
        };
        res.on('end', done);
        res.on('error', done);
      },
    );
    // A server that answers before reading the whole body (413) may reset the connection under our write.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    // Like curl: send in chunks and stop sending once the server has answered.
    const body = Buffer.from(options.body ?? '', 'utf8');
    let offset = 0;
    const pump = () => {
      while (!answered && offset < body.length) {
        const chunk = body.subarray(offset, offset + 64 * 1024);
        offset += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}
