// Email contact methods on AWS, against a mocked SNS client: each address is a subscription of the email
// page topic filtered on the clinician, its state read back from SNS, and removal tolerant of what SNS
// already forgot.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  AuthorizationErrorException,
  GetSubscriptionAttributesCommand,
  InvalidParameterException,
  NotFoundException,
  SNSClient,
  SubscribeCommand,
  ThrottledException,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsEmailSubscriptions } from '../../../shared/adapters/aws/sns-email-subscriptions.js';

const snsMock = mockClient(SNSClient);
afterEach(() => {
  snsMock.reset();
});

const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:crisis-email-pages';
const SUB = `${TOPIC}:5b1f0c8e-7d2a-4a4b-9d0e-0c1f2a3b4c5d`;
const meta = { $metadata: {} };

const subscriptions = () =>
  new SnsEmailSubscriptions(new SNSClient({ region: 'eu-west-2', maxAttempts: 1 }), TOPIC);

describe('subscribe', () => {
  it('subscribes the address to the topic by email, asking for the ARN, filtered on the audience attribute', async () => {
    snsMock.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
    const result = await subscriptions().subscribe('northside/clinician/alice', 'alice@example.org');
    expect(result).toEqual({ subscriptionId: SUB });
    const calls = snsMock.commandCalls(SubscribeCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input).toEqual({
      TopicArn: TOPIC,
      Protocol: 'email',
      Endpoint: 'alice@example.org',
      ReturnSubscriptionArn: true,
      Attributes: { FilterPolicy: expect.any(String), FilterPolicyScope: 'MessageAttributes' },
    });
    expect(JSON.parse(input?.Attributes?.FilterPolicy ?? 'null')).toEqual({
      audience: ['northside/clinician/alice'],
    });
  });

  it('filters on exactly the audience given, quoted as JSON whatever the id', async () => {
    snsMock.on(SubscribeCommand).resolves({ SubscriptionArn: SUB });
    await subscriptions().subscribe('c-1/fallback/fb-x_2', 'o.neil@example.org');
    const policy = snsMock.commandCalls(SubscribeCommand)[0]?.args[0].input.Attributes?.FilterPolicy;
    expect(policy).toBe('{"audience":["c-1/fallback/fb-x_2"]}');
  });

  it('fails when SNS returns no subscription ARN (nothing could be read back)', async () => {
    snsMock.on(SubscribeCommand).resolves({});
    await expect(subscriptions().subscribe('alice', 'alice@example.org')).rejects.toMatchObject({
      name: 'NoSubscription',
    });
  });

  it('lets an SNS error through', async () => {
    snsMock.on(SubscribeCommand).rejects(new ThrottledException({ message: 'slow down', ...meta }));
    await expect(subscriptions().subscribe('alice', 'alice@example.org')).rejects.toBeInstanceOf(
      ThrottledException,
    );
  });
});

describe('state', () => {
  it('asks SNS for the attributes of that subscription', async () => {
    snsMock.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { PendingConfirmation: 'true' } });
    await subscriptions().state(SUB);
    expect(snsMock.commandCalls(GetSubscriptionAttributesCommand)[0]?.args[0].input).toEqual({
      SubscriptionArn: SUB,
    });
  });

  it.each([
    ['true', 'pending'],
    ['false', 'confirmed'],
  ])('maps PendingConfirmation %j to %s', async (pendingConfirmation, state) => {
    snsMock.on(GetSubscriptionAttributesCommand).resolves({
      Attributes: { PendingConfirmation: pendingConfirmation, SubscriptionArn: SUB, Protocol: 'email' },
    });
    expect(await subscriptions().state(SUB)).toBe(state);
  });

  it('is pending (never confirmed) when SNS says nothing about confirmation', async () => {
    snsMock.on(GetSubscriptionAttributesCommand).resolves({});
    expect(await subscriptions().state(SUB)).toBe('pending');
  });

  it('is gone when SNS no longer knows the subscription', async () => {
    snsMock
      .on(GetSubscriptionAttributesCommand)
      .rejects(new NotFoundException({ message: 'Subscription does not exist', ...meta }));
    expect(await subscriptions().state(SUB)).toBe('gone');
  });

  it.each([
    ['ThrottledException', new ThrottledException({ message: 'slow down', ...meta })],
    ['AuthorizationErrorException', new AuthorizationErrorException({ message: 'not allowed', ...meta })],
    ['InvalidParameterException', new InvalidParameterException({ message: 'Invalid parameter', ...meta })],
    ['a network error', Object.assign(new Error('socket hang up'), { name: 'TimeoutError' })],
  ])('rethrows any other error (%s), never reading it as gone', async (_label, error) => {
    snsMock.on(GetSubscriptionAttributesCommand).rejects(error);
    await expect(subscriptions().state(SUB)).rejects.toBe(error);
  });
});

describe('unsubscribe', () => {
  it('unsubscribes that subscription', async () => {
    snsMock.on(UnsubscribeCommand).resolves({});
    await expect(subscriptions().unsubscribe(SUB)).resolves.toBeUndefined();
    expect(snsMock.commandCalls(UnsubscribeCommand).map((c) => c.args[0].input)).toEqual([
      { SubscriptionArn: SUB },
    ]);
  });

  it.each([
    [
      'NotFoundException (already gone)',
      new NotFoundException({ message: 'Subscription does not exist', ...meta }),
    ],
    [
      'InvalidParameterException (still pending: SNS removes it by itself)',
      new InvalidParameterException({ message: 'Invalid parameter: SubscriptionArn', ...meta }),
    ],
  ])('swallows %s', async (_label, error) => {
    snsMock.on(UnsubscribeCommand).rejects(error);
    await expect(subscriptions().unsubscribe(SUB)).resolves.toBeUndefined();
  });

  it.each([
    ['ThrottledException', new ThrottledException({ message: 'slow down', ...meta })],
    ['AuthorizationErrorException', new AuthorizationErrorException({ message: 'not allowed', ...meta })],
  ])('rethrows %s', async (_label, error) => {
    snsMock.on(UnsubscribeCommand).rejects(error);
    await expect(subscriptions().unsubscribe(SUB)).rejects.toBe(error);
  });
});
