// The per-channel delivery metrics as CloudWatch receives them: EMF records with the Channel (and Reason)
// dimensions the dashboard and the ChannelFailureRate alarms read (infra/constructs/alarms.ts).
import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { emfSignals } from '../../../shared/adapters/aws/emf-signals.js';
import { failureClassOf } from '../../../shared/ports/signals.js';

function emitted(run: (signals: ReturnType<typeof emfSignals>) => void) {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    const metrics = new Metrics({ namespace: 'CrisisRouter', serviceName: 'crisis-router' });
    run(emfSignals(metrics, new Logger({ logLevel: 'SILENT' })));
    metrics.publishStoredMetrics();
  } finally {
    spy.mockRestore();
  }
  return lines
    .map(
      (line) =>
        JSON.parse(line) as Record<string, unknown> & {
          _aws: { CloudWatchMetrics: Array<{ Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
        },
    )
    .filter((record) => record._aws);
}

describe('delivery metrics per channel', () => {
  it('a sent email: ChannelSends and ProviderAcceptMs with service and Channel', () => {
    const records = emitted((s) => s.delivery({ channel: 'email', outcome: 'sent', latencyMs: 42 }));
    const names = records.flatMap((r) =>
      r._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => x.Name)),
    );
    expect(names.sort()).toEqual(['ChannelSends', 'ProviderAcceptMs']);
    for (const record of records) {
      expect(record._aws.CloudWatchMetrics[0]?.Dimensions[0]?.sort()).toEqual(['Channel', 'service']);
      expect(record).toMatchObject({ Channel: 'email', service: 'crisis-router' });
    }
    expect(records.find((r) => 'ProviderAcceptMs' in r)?.ProviderAcceptMs).toBe(42);
  });

  it('a failed SMS also counts under its reason class', () => {
    const records = emitted((s) =>
      s.delivery({ channel: 'sms', outcome: 'failed', failure: 'throttled', latencyMs: 900 }),
    );
    const byReason = records.find((r) => 'ChannelFailuresByReason' in r);
    expect(byReason).toMatchObject({ Channel: 'sms', Reason: 'throttled', ChannelFailuresByReason: 1 });
    expect(records.some((r) => r.ChannelFailures === 1)).toBe(true);
  });

  it.each([
    [{ code: 'OptedOut', permanent: true }, 'opted_out'],
    [{ code: 'InvalidParameter', permanent: true }, 'invalid_destination'],
    [{ code: 'Throttling', permanent: false }, 'throttled'],
    [{ code: 'KMSDisabled', permanent: false, accountLevel: true }, 'account'],
    [{ code: 'InternalError', permanent: false }, 'other'],
  ] as const)('%j is %s', (result, expected) => {
    expect(failureClassOf(result)).toBe(expected);
  });
});
