// Submit → first page on each channel through the local HTTP stack: SMS (the outbox), a voice call (the
// outbox records the call start) and web push (accepted by an HTTPS push service on loopback, so the
// figure includes the encryption and the TLS exchange a real push takes). One person per channel, each
// with notification rules that use only that channel at 0 s. Medians and ratios to SMS, in one run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../infra/local/local-stack.js';
import { randomToken } from '../shared/app/secrets.js';
import { client, type Call } from '../test/integration/api/http.js';
import { startFakePushService, type FakePushService } from '../test/support/fake-push-service.js';
import { progress, rounded, summarize, type Summary } from './lib/stats.js';

export interface ChannelLatencyResult {
  requestsPerChannel: number;
  sms: Summary;
  voice: Summary;
  push: Summary;
  /** Medians over SMS's median. */
  voiceOverSms: number;
  pushOverSms: number;
}

const CHANNELS = [
  { who: 'sam', type: 'sms', value: '+447700900801' },
  { who: 'val', type: 'voice', value: '+447700900802' },
  { who: 'pia', type: 'push', value: '' },
] as const;

async function expectOk(reply: Promise<{ status: number; text: string; body: unknown }>, what: string) {
  const r = await reply;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text}`);
  return r.body as Record<string, unknown>;
}

/** A clinic with one service per channel; each service's only level names its person. */
async function setUp(
  call: Call,
  platformKey: string,
  stack: Awaited<ReturnType<typeof startLocalStack>>,
  push: FakePushService,
) {
  const c = '/v1/clinics/bench';
  await expectOk(
    call('PUT', c, {
      key: platformKey,
      body: {
        name: 'Bench',
        timezone: 'Europe/London',
        fallback: [{ name: 'Duty', phone: '+447700900809' }],
      },
    }),
    'clinic',
  );
  const admin = (
    await expectOk(
      call('POST', `${c}/keys`, { key: platformKey, body: { role: 'admin', label: 'a' } }),
      'admin key',
    )
  ).key as string;
  const intake = (
    await expectOk(
      call('POST', `${c}/keys`, { key: admin, body: { role: 'intake', label: 'i' } }),
      'intake key',
    )
  ).key as string;
  for (const ch of CHANNELS) {
    await expectOk(
      call('PUT', `${c}/clinicians/${ch.who}`, { key: admin, body: { name: ch.who } }),
      'clinician',
    );
    const value = ch.type === 'push' ? push.subscription(`ok/${ch.who}`) : ch.value;
    const added = await expectOk(
      call('POST', `${c}/clinicians/${ch.who}/contacts`, { key: admin, body: { type: ch.type, value } }),
      'contact',
    );
    const code = stack.outbox.list().findLast((m) => m.purpose === 'verification' && m.to === value)?.code;
    await expectOk(
      call('POST', `${c}/clinicians/${ch.who}/contacts/${String(added.contactId)}/verify`, {
        key: admin,
        body: { code },
      }),
      'verify',
    );
    await expectOk(
      call('PUT', `${c}/clinicians/${ch.who}/notification-rules`, {
        key: admin,
        body: { rules: [{ contactId: added.contactId, afterSeconds: 0 }] },
      }),
      'rules',
    );
    await expectOk(
      call('PUT', `${c}/services/${ch.type}`, {
        key: admin,
        body: {
          name: ch.type,
          rotation: { participants: [ch.who], start: '2026-01-05', handoff: { every: 'day', at: '00:00' } },
          escalation: { levels: [{ notify: { clinicianId: ch.who }, ackTimeoutSeconds: 3600 }], repeat: 0 },
        },
      }),
      'service',
    );
  }
  return intake;
}

export async function measureChannelLatency(options: { requests: number }): Promise<ChannelLatencyResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'crisis-bench-channels-'));
  const push = await startFakePushService();
  const platformKey = `crk_bench_${randomToken(24)}`;
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    seed: false,
    platformKey,
    logLevel: 'ERROR',
    sweepIntervalMs: 3_600_000,
    pushAgent: push.agent,
  });
  try {
    const call = client(stack.url);
    const intake = await setUp(call, platformKey, stack, push);
    const samples: Record<'sms' | 'voice' | 'push', number[]> = { sms: [], voice: [], push: [] };
    progress(`channels: ${options.requests} submissions per channel, interleaved`);
    for (let i = 0; i < options.requests; i++)
      for (const ch of CHANNELS) {
        const before = { outbox: stack.outbox.list().length, push: push.requests.length };
        const t0 = Date.now();
        await expectOk(
          call('POST', '/v1/clinics/bench/requests', {
            key: intake,
            headers: { 'idempotency-key': `bench-${ch.type}-${i}-${randomToken(6)}` },
            body: { serviceId: ch.type, urgency: 'urgent', summary: 'bench', callbackPhone: '+447700900899' },
          }),
          'submit',
        );
        const arrived =
          ch.type === 'push'
            ? push.requests.slice(before.push).find((r) => r.path === `ok/${ch.who}`)?.at
            : Date.parse(
                stack.outbox
                  .list()
                  .slice(before.outbox)
                  .find((m) => m.channel === ch.type)?.sentAt ?? '',
              );
        if (arrived === undefined || Number.isNaN(arrived))
          throw new Error(`no ${ch.type} page for submission ${i}`);
        samples[ch.type].push(arrived - t0);
      }
    const [sms, voice, pushed] = [summarize(samples.sms), summarize(samples.voice), summarize(samples.push)];
    const ratio = (s: Summary) => Math.round((s.median / Math.max(sms.median, 1)) * 100) / 100;
    return {
      requestsPerChannel: options.requests,
      sms: rounded(sms),
      voice: rounded(voice),
      push: rounded(pushed),
      voiceOverSms: ratio(voice),
      pushOverSms: ratio(pushed),
    };
  } finally {
    await stack.close();
    await push.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
