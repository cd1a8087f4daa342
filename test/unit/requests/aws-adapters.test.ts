// The AWS edges of paging and timing, against mocked SDK clients: what SNS and SQS are asked to do, and how
// their errors are classified for the escalation engine.
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  AuthorizationErrorException,
  InternalErrorException,
  InvalidParameterException,
  InvalidParameterValueException,
  KMSAccessDeniedException,
  KMSDisabledException,
  KMSNotFoundException,
  KMSThrottlingException,
  NotFoundException,
  OptedOutException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { classifySendError, SnsPager } from '../../../shared/adapters/aws/sns-pager.js';
import { delaySecondsFor, SqsTimer } from '../../../shared/adapters/aws/sqs-timer.js';
import type { OutgoingPage } from '../../../shared/ports/pager.js';
import type { TimerMessage } from '../../../shared/ports/timer.js';

const snsMock = mockClient(SNSClient);
const sqsMock = mockClient(SQSClient);
afterEach(() => {
  snsMock.reset();
  sqsMock.reset();
});

const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:crisis-pages';
const sms: OutgoingPage = {
  channel: 'sms',
  to: '+447700900101',
  clinicianId: 'ana',
  text: 'URGENT crisis request RACD (General, Northside Clinic). Reply 4821 to accept',
  ackUrl: 'https://crisis.example.org/ack/AAAAAAAAAAAAAAAAAAAAAA',
  code: '4821',
};
const email: OutgoingPage = {
  ...sms,
  channel: 'email',
  to: 'ana@example.org',
  subject: 'URGENT RACD',
  audience: 'northside/clinician/ana',
};
const meta = { $metadata: {} };

describe('SnsPager', () => {
  it('publishes an SMS straight to the number as Transactional', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'msg-1' });
    const result = await new SnsPager(new SNSClient({ region: 'eu-west-2' }), TOPIC).send(sms);
    expect(result).toEqual({ ok: true, messageId: 'msg-1' });
    const calls = snsMock.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.PhoneNumber).toBe('+447700900101');
    expect(input?.TopicArn).toBeUndefined();
    expect(input?.Message).toBe(sms.text);
    expect(input?.MessageAttributes?.['AWS.SNS.SMS.SMSType']).toEqual({
      DataType: 'String',
      StringValue: 'Transactional',
    });
  });

  it('adds configured SMS attributes (e.g. an origination number) next to the SMS type', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'msg-2' });
    const pager = new SnsPager(new SNSClient({ region: 'eu-west-2' }), TOPIC, {
      'AWS.MM.SMS.OriginationNumber': '+447700900000',
    });
    await pager.send(sms);
    const attributes = snsMock.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes;
    expect(Object.keys(attributes ?? {}).sort()).toEqual([
      'AWS.MM.SMS.OriginationNumber',
      'AWS.SNS.SMS.SMSType',
    ]);
  });

  it('publishes an email page to the topic, filtered by the audience attribute, never to an address', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'msg-3' });
    const result = await new SnsPager(new SNSClient({ region: 'eu-west-2' }), TOPIC).send(email);
    expect(result.ok).toBe(true);
    const input = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC);
    expect(input?.PhoneNumber).toBeUndefined();
    expect(input?.Subject).toBe('URGENT RACD');
    // The clinic and the person: a clinician "ana" of another clinic has another audience.
    expect(input?.MessageAttributes).toEqual({
      audience: { DataType: 'String', StringValue: 'northside/clinician/ana' },
    });
    expect(JSON.stringify(input)).not.toContain('ana@example.org');
  });

  it('reports an email page without a topic, or without an audience, as our own (account-level) failure without calling SNS', async () => {
    const noTopic = await new SnsPager(new SNSClient({ region: 'eu-west-2' }), undefined).send(email);
    expect(noTopic).toEqual({ ok: false, code: 'NoEmailRoute', permanent: false, accountLevel: true });
    const { audience: _dropped, ...anonymous } = email;
    const noClinician = await new SnsPager(new SNSClient({ region: 'eu-west-2' }), TOPIC).send(anonymous);
    expect(noClinician).toEqual({ ok: false, code: 'NoEmailRoute', permanent: false, accountLevel: true });
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
  });

  const sendSmsRejectedWith = async (error: Error, page: OutgoingPage = sms) => {
    snsMock.on(PublishCommand).rejects(error);
    return new SnsPager(new SNSClient({ region: 'eu-west-2', maxAttempts: 1 }), TOPIC).send(page);
  };

  // The destination itself cannot be reached: the contact is marked broken (permanent). The "is not valid to
  // publish to" text is SNS's own, as reported in aws/aws-sdk-js#1368 and #1217 and boto/boto3#2195.
  it.each([
    [
      'OptedOutException',
      new OptedOutException({ message: 'Phone number is opted out', ...meta }),
      'OptedOut',
    ],
    [
      'InvalidParameterException naming the number (SNS: "... is not valid to publish to")',
      new InvalidParameterException({
        message: 'Invalid parameter: PhoneNumber Reason: +447700900101 is not valid to publish to',
        ...meta,
      }),
      'InvalidParameter',
    ],
    [
      'InvalidParameterException on a badly formatted number',
      new InvalidParameterException({
        message: 'Invalid parameter: PhoneNumber Reason: input incorrectly formatted',
        ...meta,
      }),
      'InvalidParameter',
    ],
    [
      'InvalidParameterValueException naming the number',
      new InvalidParameterValueException({
        message: 'Invalid parameter value: PhoneNumber Reason: +447700900101 is not valid to publish to',
        ...meta,
      }),
      'InvalidParameterValue',
    ],
  ])("classifies %s as permanent: the person's contact is broken", async (_name, error, code) => {
    expect(await sendSmsRejectedWith(error)).toEqual({ ok: false, code, permanent: true });
  });

  // Our account, region or configuration: retried, raised to ops, never held against the person. SNS's exact
  // wording for these varies (and is not all documented): the messages below are illustrative, and the rule
  // they pin is that any word about our own setup wins over a mention of the number.
  it.each([
    [
      'InvalidParameter about the origination number',
      new InvalidParameterException({
        message:
          'Invalid parameter: MessageAttributes Reason: AWS.MM.SMS.OriginationNumber +447700900000 is not owned by this account',
        ...meta,
      }),
      'InvalidParameter',
    ],
    [
      'InvalidParameter naming the number but blaming the SMS sandbox',
      new InvalidParameterException({
        message:
          'Invalid parameter: PhoneNumber Reason: +447700900101 is not a verified destination in the SMS sandbox of this account',
        ...meta,
      }),
      'InvalidParameter',
    ],
    [
      'InvalidParameter about the sender ID',
      new InvalidParameterException({ message: 'Invalid parameter: SenderId', ...meta }),
      'InvalidParameter',
    ],
    [
      'InvalidParameter naming the number but blaming the region',
      new InvalidParameterException({
        message: 'Invalid parameter: PhoneNumber Reason: SMS is not supported in this region',
        ...meta,
      }),
      'InvalidParameter',
    ],
    [
      'InvalidParameter about the topic',
      new InvalidParameterException({ message: 'Invalid parameter: TopicArn', ...meta }),
      'InvalidParameter',
    ],
    [
      'InvalidParameter about the message itself',
      new InvalidParameterException({ message: 'Invalid parameter: Message too long', ...meta }),
      'InvalidParameter',
    ],
    [
      'InvalidParameter without a message',
      new InvalidParameterException({ message: '', ...meta }),
      'InvalidParameter',
    ],
    [
      'AuthorizationErrorException',
      new AuthorizationErrorException({ message: 'User is not authorized to perform: SNS:Publish', ...meta }),
      'AuthorizationError',
    ],
    [
      'KMSAccessDeniedException',
      new KMSAccessDeniedException({ message: 'access to the key was denied', ...meta }),
      'KMSAccessDenied',
    ],
    [
      'KMSDisabledException',
      new KMSDisabledException({ message: 'the key is disabled', ...meta }),
      'KMSDisabled',
    ],
    ['KMSNotFoundException', new KMSNotFoundException({ message: 'no such key', ...meta }), 'KMSNotFound'],
    [
      'NotFoundException (the topic is gone)',
      new NotFoundException({ message: 'Topic does not exist', ...meta }),
      'NotFound',
    ],
  ])('classifies %s as account-level, never permanent', async (_name, error, code) => {
    expect(await sendSmsRejectedWith(error)).toEqual({
      ok: false,
      code,
      permanent: false,
      accountLevel: true,
    });
  });

  it('never marks an email contact broken for a refused publish to the topic', async () => {
    const error = new InvalidParameterException({
      message: 'Invalid parameter: PhoneNumber Reason: +447700900101 is not valid to publish to',
      ...meta,
    });
    expect(await sendSmsRejectedWith(error, email)).toEqual({
      ok: false,
      code: 'InvalidParameter',
      permanent: false,
      accountLevel: true,
    });
    snsMock.reset();
    const optedOut = new OptedOutException({ message: 'opted out', ...meta });
    expect(await sendSmsRejectedWith(optedOut, email)).toMatchObject({
      permanent: false,
      accountLevel: true,
    });
  });

  // Passing: retried, neither broken nor raised as our setup.
  it.each([
    ['ThrottledException', new ThrottledException({ message: 'slow down', ...meta }), 'Throttled'],
    [
      'InternalErrorException (5xx)',
      new InternalErrorException({ message: 'oops', ...meta }),
      'InternalError',
    ],
    [
      'KMSThrottlingException',
      new KMSThrottlingException({ message: 'slow down', ...meta }),
      'KMSThrottling',
    ],
  ])('classifies %s as passing', async (_name, error, code) => {
    expect(await sendSmsRejectedWith(error)).toEqual({ ok: false, code, permanent: false });
  });

  it('classifies unknown and network errors as passing (retry), never as permanent', () => {
    expect(classifySendError(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }))).toEqual({
      ok: false,
      code: 'TimeoutError',
      permanent: false,
    });
    expect(classifySendError(undefined)).toEqual({ ok: false, code: 'UnknownError', permanent: false });
  });
});

describe('SqsTimer', () => {
  const message: TimerMessage = {
    clinicId: 'northside',
    requestId: 'req_abc',
    attempt: 2,
    dueAt: 1_000_000 + 90_000,
  };

  it('sends the message as JSON that round-trips, with the delay until it is due', async () => {
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
    await new SqsTimer(new SQSClient({ region: 'eu-west-2' }), 'https://sqs/queue').schedule(
      message,
      1_000_000,
    );
    const input = sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe('https://sqs/queue');
    expect(input?.DelaySeconds).toBe(90);
    expect(JSON.parse(input?.MessageBody ?? '')).toEqual(message);
  });

  it.each([
    ['past due', -5_000, 0],
    ['due now', 0, 0],
    ['in 1.2 s (rounded up, never early)', 1_200, 2],
    ['in exactly 15 minutes', 900_000, 900],
    ['in 20 minutes (clamped, re-enqueued later)', 1_200_000, 900],
    ['in a day', 86_400_000, 900],
  ])('clamps the delay for a message %s to 0..900 s', async (_label, inMs, seconds) => {
    expect(delaySecondsFor(1_000_000 + inMs, 1_000_000)).toBe(seconds);
    sqsMock.on(SendMessageCommand).resolves({});
    await new SqsTimer(new SQSClient({ region: 'eu-west-2' }), 'q').schedule(
      { ...message, dueAt: 1_000_000 + inMs },
      1_000_000,
    );
    expect(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input.DelaySeconds).toBe(seconds);
  });

  it('lets a failed send surface (the caller alerts; the sweeper is the safety net)', async () => {
    sqsMock.on(SendMessageCommand).rejects(new Error('queue down'));
    await expect(
      new SqsTimer(new SQSClient({ region: 'eu-west-2', maxAttempts: 1 }), 'q').schedule(message, 0),
    ).rejects.toThrow('queue down');
  });
});
