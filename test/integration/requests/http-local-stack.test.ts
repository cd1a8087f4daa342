// The request API through real HTTP on the local stack (same handlers as Lambda, the engine from the global
// setup, outbox pager, in-process timer, real clock): submit, page, answer by SMS and by link, edge errors.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack } from '../../../infra/local/local-stack.js';

jest.setTimeout(60_000);

interface OutboxEntry {
  to: string;
  clinicianId?: string;
  channel: string;
  text: string;
  ackUrl: string;
  code: string;
  sentAt: string;
}
interface RequestBody {
  requestId: string;
  reference: string;
  status: string;
  assignee: { clinicianId?: string; name: string } | null;
  timeline: Array<{ type: string }>;
  summary?: string;
}

const XSS = '<script>alert(1)</script>';

describe(`request API over HTTP on the local stack (${process.env.DYNAMO_ENGINE})`, () => {
  let stack: LocalStack;
  let dataDir: string;
  let intakeKey: string;
  /** Every structured (JSON) log line the stack writes; the handlers log at DEBUG here to see everything. */
  const logs: string[] = [];
  const restore: Array<() => void> = [];

  function captureLogs(stream: NodeJS.WriteStream) {
    const original = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      if (text.startsWith('{')) {
        logs.push(text);
        return true;
      }
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }

  beforeAll(async () => {
    captureLogs(process.stdout);
    captureLogs(process.stderr);
    dataDir = await mkdtemp(join(tmpdir(), 'crisis-router-http-'));
    stack = await startLocalStack({
      port: 0,
      dataDir,
      seed: true,
      platformKey: `crk_test_${randomUUID()}`,
      dynamoEndpoint: process.env.DYNAMO_ENDPOINT,
      tableName: `t-${randomUUID()}`,
      sweepIntervalMs: 60_000,
      logLevel: 'DEBUG',
    });
    const keys = stack.demoKeys;
    if (!keys) throw new Error('the demo clinic was not seeded');
    intakeKey = keys.intake.key;
  });
  afterAll(async () => {
    await stack?.close();
    for (const undo of restore) undo();
    await rm(dataDir, { recursive: true, force: true });
  });

  const submitUrl = () => `${stack.url}/v1/clinics/northside/requests`;
  const jsonHeaders = (key: string) => ({
    authorization: `Bearer ${key}`,
    'content-type': 'application/json',
  });

  async function submit(summary = 'Caller at risk, needs a call back within the hour') {
    const started = Date.now();
    const res = await fetch(submitUrl(), {
      method: 'POST',
      headers: { ...jsonHeaders(intakeKey), 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({
        serviceId: 'general',
        urgency: 'urgent',
        summary,
        callbackPhone: '+447700900999',
      }),
    });
    const answeredAt = Date.now();
    expect(res.status).toBe(202);
    return { started, answeredAt, request: (await res.json()) as RequestBody };
  }

  async function outbox(): Promise<OutboxEntry[]> {
    const res = await fetch(`${stack.url}/local/outbox`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { messages: OutboxEntry[] }).messages;
  }

  async function status(requestId: string): Promise<RequestBody> {
    const res = await fetch(`${submitUrl()}/${requestId}`, {
      headers: { authorization: `Bearer ${intakeKey}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as RequestBody;
  }

  /** Submits and returns the request with its first page, found as the outbox's new entries. */
  async function submitAndFirstPage(summary?: string) {
    const before = (await outbox()).length;
    const submitted = await submit(summary);
    const fresh = (await outbox()).slice(before);
    const page = fresh.find((m) => m.text.includes(submitted.request.reference));
    expect(page).toBeDefined();
    return { ...submitted, page: page as OutboxEntry };
  }

  it('accepts a submit with 202 and the first page is already in the outbox; median submit-to-first-page over 20', async () => {
    const toPage: number[] = [];
    const roundTrip: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { started, answeredAt, request, page } = await submitAndFirstPage();
      expect(request.status).toBe('paging');
      expect(page.channel).toBe('sms');
      expect(page.text.length).toBeLessThanOrEqual(160);
      expect(page.ackUrl.startsWith(`${stack.url}/ack/`)).toBe(true);
      const sentAt = Date.parse(page.sentAt);
      // Sent before the 202 was answered: "the first page is sent before the submit call returns".
      expect(sentAt).toBeLessThanOrEqual(answeredAt);
      toPage.push(sentAt - started);
      roundTrip.push(answeredAt - started);
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return ((s[(s.length - 1) >> 1] ?? 0) + (s[s.length >> 1] ?? 0)) / 2;
    };
    console.log(
      `submit-to-first-page on ${process.env.DYNAMO_ENGINE} over 20 submits: median ${median(toPage)} ms ` +
        `(min ${Math.min(...toPage)}, max ${Math.max(...toPage)}); POST round trip median ${median(roundTrip)} ms`,
    );
    expect(median(toPage)).toBeLessThan(1000);
  });

  it('serves GET (the queue) and POST (submit) on the same /requests path', async () => {
    const { request } = await submit();
    const res = await fetch(`${submitUrl()}?limit=5`, { headers: { authorization: `Bearer ${intakeKey}` } });
    expect(res.status).toBe(200);
    const queue = (await res.json()) as { requests: Array<{ requestId: string }>; nextCursor: string | null };
    expect(queue.requests[0]?.requestId).toBe(request.requestId);
    const bad = await fetch(`${submitUrl()}?status=pending`, {
      headers: { authorization: `Bearer ${intakeKey}` },
    });
    expect(bad.status).toBe(400);
    const put = await fetch(submitUrl(), {
      method: 'PUT',
      headers: { authorization: `Bearer ${intakeKey}` },
    });
    expect(put.status).toBe(405);
  });

  it('acknowledges through POST /local/sms-inbound with the code from the paged phone', async () => {
    const { request, page } = await submitAndFirstPage();
    const wrong = await fetch(`${stack.url}/local/sms-inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+447700900199', body: page.code }),
    });
    expect(await wrong.json()).toMatchObject({ matched: false });
    expect((await status(request.requestId)).status).toBe('paging');

    const res = await fetch(`${stack.url}/local/sms-inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: page.to, body: page.code }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ matched: true, reply: expect.stringMatching(/You accepted/) });
    const after = await status(request.requestId);
    expect(after.status).toBe('acknowledged');
    expect(after.timeline.at(-1)).toMatchObject({ type: 'acknowledged', via: 'sms' });
    // The reply went back to the sender, through the same outbox.
    expect((await outbox()).at(-1)).toMatchObject({
      to: page.to,
      text: expect.stringMatching(/You accepted/),
    });
  });

  it('changes nothing on GET /ack/{token} and serves it with no-referrer, no-store and a CSP', async () => {
    const { request, page } = await submitAndFirstPage();
    const before = await status(request.requestId);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(page.ackUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toContain('no-store');
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('method="post"');
      expect(html).not.toContain('needs a call back');
    }
    const after = await status(request.requestId);
    expect(after.status).toBe('paging');
    expect(after.timeline).toEqual(before.timeline);
  });

  it('acknowledges on POST /ack/{token} with action=acknowledge and shows the summary HTML-escaped', async () => {
    const { request, page } = await submitAndFirstPage(`Caller said ${XSS} & "hang on"`);
    const res = await fetch(page.ackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=acknowledge',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toContain('no-store');
    const html = await res.text();
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('<script');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;&#47;script&#62;');
    expect(html).toContain('tel:+447700900999');
    expect((await status(request.requestId)).status).toBe('acknowledged');

    // Single use: the same link again is refused and changes nothing.
    const again = await fetch(page.ackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=acknowledge',
    });
    expect(again.status).toBe(409);
    expect(await again.text()).not.toContain('alert(1)');
  });

  it('acknowledges by API with the paged clinician key (200, repeat 200), refusing a clinician never paged (403)', async () => {
    const { request, page } = await submitAndFirstPage('Caller asks for a call back after 6pm');
    const keyOf = (clinicianId: string | undefined) =>
      stack.demoKeys?.clinicians.find((k) => k.clinicianId === clinicianId)?.key ?? '';
    const pagedKey = keyOf(page.clinicianId);
    expect(pagedKey).not.toBe('');
    const ackUrl = `${submitUrl()}/${request.requestId}/acknowledge`;
    const other = stack.demoKeys?.clinicians.find((k) => k.key !== pagedKey);
    const refused = await fetch(ackUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${other?.key}` },
    });
    expect(refused.status).toBe(403);

    const first = await fetch(ackUrl, { method: 'POST', headers: { authorization: `Bearer ${pagedKey}` } });
    expect(first.status).toBe(200);
    const acked = (await first.json()) as RequestBody & { callbackPhone?: string };
    expect(acked.status).toBe('acknowledged');
    expect(acked.summary).toBe('Caller asks for a call back after 6pm');
    expect(acked.callbackPhone).toBe('+447700900999');
    const again = await fetch(ackUrl, { method: 'POST', headers: { authorization: `Bearer ${pagedKey}` } });
    expect(again.status).toBe(200);
    // The hotline's view of the same request carries no details.
    expect(await status(request.requestId)).not.toHaveProperty('summary');
  });

  it('answers a forged ack token with a 404 page', async () => {
    const res = await fetch(`${stack.url}/ack/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(res.status).toBe(404);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('rejects a submit without Idempotency-Key with 400 at path Idempotency-Key, paging nobody', async () => {
    const before = (await outbox()).length;
    const res = await fetch(submitUrl(), {
      method: 'POST',
      headers: jsonHeaders(intakeKey),
      body: JSON.stringify({ serviceId: 'general', urgency: 'urgent', summary: 'x' }),
    });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { code: string; details: Array<{ path: string }> } }).error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.path)).toEqual(['Idempotency-Key']);
    expect((await outbox()).length).toBe(before);
  });

  it('rejects a submit with the Idempotency-Key header sent twice with 400', async () => {
    const url = new URL(submitUrl());
    const payload = JSON.stringify({ serviceId: 'general', urgency: 'urgent', summary: 'x' });
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        url,
        {
          method: 'POST',
          headers: {
            ...jsonHeaders(intakeKey),
            // An array value makes Node send two separate header lines.
            'Idempotency-Key': [randomUUID(), randomUUID()],
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    expect(answer.status).toBe(400);
    const error = (
      JSON.parse(answer.body) as {
        error: { code: string; details: Array<{ path: string; message: string }> };
      }
    ).error;
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ path: 'Idempotency-Key', message: expect.stringMatching(/once/) }]);
  });

  it('replays the same Idempotency-Key over HTTP: same request, no second page', async () => {
    const key = randomUUID();
    const send = () =>
      fetch(submitUrl(), {
        method: 'POST',
        headers: { ...jsonHeaders(intakeKey), 'Idempotency-Key': key },
        body: JSON.stringify({ serviceId: 'general', urgency: 'emergency', summary: 'same body' }),
      });
    const before = (await outbox()).length;
    const first = (await (await send()).json()) as RequestBody;
    const second = await send();
    expect(second.status).toBe(202);
    expect(((await second.json()) as RequestBody).requestId).toBe(first.requestId);
    expect((await outbox()).length).toBe(before + 1);
  });

  it('never writes a summary, a callback number or a phone number to the logs', () => {
    expect(logs.some((line) => line.includes('request accepted'))).toBe(true);
    const all = logs.join('\n');
    for (const secret of ['alert(1)', 'needs a call back', 'same body', '+447700900999', '447700900'])
      expect(all).not.toContain(secret);
  });
});
