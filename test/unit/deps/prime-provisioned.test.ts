// Priming a provisioned environment (functions/deps/prime-provisioned.ts): only where Lambda provisions the
// environment ahead of traffic, every call answered inside the process, and a failure never stops the init.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { primeProvisioned } from '../../../functions/deps/prime-provisioned.js';
import { primeDynamo } from '../../../functions/deps/primers/dynamo.js';
import { primeSns } from '../../../functions/deps/primers/sns.js';
import { primeSqs } from '../../../functions/deps/primers/sqs.js';
import { primeTimeZones } from '../../../functions/deps/primers/time-zones.js';

const PROVISIONED = { AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency', AWS_REGION: 'eu-west-2' };
const EVERYTHING = [primeDynamo, primeSns, primeSqs, primeTimeZones];
const logger = () => ({ warn: jest.fn() });

describe('priming a provisioned environment', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('runs each client once, answered in the process: nothing leaves, nothing is reported', async () => {
    const log = logger();
    // No network here: a call that left the process would fail and be reported.
    await expect(primeProvisioned(EVERYTHING, log, PROVISIONED)).resolves.toBe(5);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('primes only what the function names (one module per primer, so a bundle carries only its own)', async () => {
    await expect(primeProvisioned([primeDynamo], logger(), PROVISIONED)).resolves.toBe(3);
    await expect(primeProvisioned([primeSns], logger(), PROVISIONED)).resolves.toBe(1);
  });

  it('does nothing in an on-demand environment, whose init is on the first request’s path anyway', async () => {
    const sns = mockClient(SNSClient);
    for (const type of [undefined, 'on-demand', 'snap-start']) {
      const env = { AWS_REGION: 'eu-west-2', ...(type && { AWS_LAMBDA_INITIALIZATION_TYPE: type }) };
      await expect(primeProvisioned(EVERYTHING, logger(), env)).resolves.toBe(0);
    }
    expect(sns.calls()).toHaveLength(0);
    sns.restore();
  });

  it('reports a failure by name and lets the init go on', async () => {
    const sns = mockClient(SNSClient).on(PublishCommand).rejects(new Error('throttled'));
    const log = logger();
    await expect(primeProvisioned([primeSns], log, PROVISIONED)).resolves.toBe(0);
    expect(log.warn).toHaveBeenCalledWith('priming the provisioned environment failed', {
      errorName: 'Error',
    });
    sns.restore();
  });
});
