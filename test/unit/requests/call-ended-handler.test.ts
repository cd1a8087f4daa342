// The function that hears how a voice page's call ended, over the request fakes: End User Messaging voice
// events (SNS) and Amazon Connect contact events (EventBridge, the contact's attributes read back). A call
// that missed the person is recorded on its page (and may move the request on); one that reached them,
// a malformed event, or a call with no page changes nothing; a store failure throws, so the event is retried.
import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler, type ContactAttributes } from '../../../functions/call-ended/handler.js';
import { respondByApi } from '../../../shared/app/requests/respond-to-page.js';
import { asClinician, CLINIC_ID } from './fakes.js';
import { callTo, submitWithCall, VOICE, voiceWorld, type VoiceWorld } from './voice-fakes.js';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:123456789012:instance/8f0c3a52-1b2d-4e5f-9a0b-1c2d3e4f5a6b';
const CONTACT_ID = 'f3e2d1c0-b9a8-4776-8554-433221100fed';

/** SNS records as the call-events topic delivers them: one JSON message each. */
const sns = (...messages: (object | string)[]) => ({
  Records: messages.map((m, i) => ({
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:eu-west-2:123456789012:call-events:1',
    Sns: {
      Type: 'Notification',
      MessageId: `sns-${i}`,
      TopicArn: 'arn:aws:sns:eu-west-2:123456789012:call-events',
      Message: typeof m === 'string' ? m : JSON.stringify(m),
      Timestamp: '2026-03-02T12:00:10.000Z',
    },
  })),
});

const voiceEvent = (eventType: string, pageRef?: string) => ({
  eventType,
  eventVersion: '1.0',
  eventTimestamp: 1772452810000,
  messageId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  destinationPhoneNumber: VOICE.ana,
  ...(pageRef !== undefined && { context: { pageRef } }),
});

/** EventBridge "Amazon Connect Contact Event". */
const contactEvent = (eventType: string, disconnectReason?: string) => ({
  version: '0',
  id: '5e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7',
  'detail-type': 'Amazon Connect Contact Event',
  source: 'aws.connect',
  account: '123456789012',
  time: '2026-03-02T12:00:40Z',
  region: 'eu-west-2',
  resources: [INSTANCE_ARN],
  detail: {
    eventType,
    contactId: CONTACT_ID,
    initialContactId: CONTACT_ID,
    channel: 'VOICE',
    instanceArn: INSTANCE_ARN,
    initiationMethod: 'API',
    ...(disconnectReason !== undefined && { disconnectReason }),
  },
});

let world: VoiceWorld;
let logger: Logger;

beforeEach(async () => {
  world = await voiceWorld();
  logger = new Logger({ serviceName: 'call-ended-test', logLevel: 'SILENT' });
});

const request = () => world.requests.only().request;
const callEndings = () =>
  request().timeline.filter((e) => e.type === 'page_failed' && e.reason?.startsWith('call_ended:'));

describe('End User Messaging voice events (SNS)', () => {
  it('VOICE_BUSY on a voice-only page: recorded, and the next person is called at once', async () => {
    const { pageRef } = await submitWithCall(world);
    const info = jest.spyOn(logger, 'info');
    await createHandler(world.h.deps, logger)(sns(voiceEvent('VOICE_BUSY', pageRef)));
    expect(callEndings()).toEqual([
      expect.objectContaining({
        type: 'page_failed',
        who: expect.objectContaining({ clinicianId: 'ana' }),
        channel: 'voice',
        attempt: 1,
        reason: 'call_ended:busy',
      }),
    ]);
    expect(request().position.attempt).toBe(2);
    expect(request().timeline.some((e) => e.type === 'timeout')).toBe(false);
    expect(callTo(world.h, VOICE.ben).pageRef).toBeDefined();
    expect(world.h.signals.counts.CallsUnanswered).toBe(1);
    expect(info).toHaveBeenCalledWith('call ended', {
      source: 'sms-voice',
      ending: 'busy',
      result: 'recorded',
    });
  });

  it.each([
    ['VOICE_NO_ANSWER', 'call_ended:no_answer'],
    ['VOICE_FAILED', 'call_ended:failed'],
    ['VOICE_TTL_EXPIRED', 'call_ended:failed'],
  ])('%s is recorded as %s', async (eventType, reason) => {
    const { pageRef } = await submitWithCall(world);
    await createHandler(world.h.deps, logger)(sns(voiceEvent(eventType, pageRef)));
    expect(callEndings().map((e) => e.reason)).toEqual([reason]);
  });

  it.each(['VOICE_COMPLETED', 'VOICE_ANSWERED', 'VOICE_INITIATED', 'VOICE_RINGING'])(
    '%s does nothing: not even a read',
    async (eventType) => {
      const { pageRef } = await submitWithCall(world);
      const before = world.requests.only();
      const findAckToken = jest.spyOn(world.requests, 'findAckToken');
      await createHandler(world.h.deps, logger)(sns(voiceEvent(eventType, pageRef)));
      expect(world.requests.only()).toEqual(before);
      expect(findAckToken).not.toHaveBeenCalled();
      expect(world.h.signals.counts.CallsUnanswered).toBeUndefined();
    },
  );

  it('a malformed record is skipped; the records after it are still handled', async () => {
    const { pageRef } = await submitWithCall(world);
    await createHandler(
      world.h.deps,
      logger,
    )(sns('{not json', 'null', '42', { context: { pageRef } }, voiceEvent('VOICE_NO_ANSWER', pageRef)));
    expect(callEndings().map((e) => e.reason)).toEqual(['call_ended:no_answer']);
  });

  // The event type is text from a topic message: a name every object inherits is no call ending.
  it('an event type that only names an inherited property (constructor) records nothing', async () => {
    const { pageRef } = await submitWithCall(world);
    const version = request().version;
    await createHandler(world.h.deps, logger)(sns(voiceEvent('constructor', pageRef)));
    expect(callEndings()).toEqual([]);
    expect(request().version).toBe(version);
    expect(request().position.attempt).toBe(1);
  });

  it('a call with no page (a verification code, a test call) carries no pageRef: nothing', async () => {
    await submitWithCall(world);
    const version = request().version;
    const findAckToken = jest.spyOn(world.requests, 'findAckToken');
    await createHandler(
      world.h.deps,
      logger,
    )(
      sns(voiceEvent('VOICE_BUSY'), voiceEvent('VOICE_BUSY', ''), {
        ...voiceEvent('VOICE_BUSY'),
        context: { other: 'x' },
      }),
    );
    expect(request().version).toBe(version);
    expect(findAckToken).not.toHaveBeenCalled();
  });

  it('the same ending delivered twice is recorded once', async () => {
    const { pageRef } = await submitWithCall(world);
    const handler = createHandler(world.h.deps, logger);
    const info = jest.spyOn(logger, 'info');
    await handler(sns(voiceEvent('VOICE_BUSY', pageRef)));
    await handler(sns(voiceEvent('VOICE_BUSY', pageRef), voiceEvent('VOICE_NO_ANSWER', pageRef)));
    expect(callEndings()).toHaveLength(1);
    expect(world.h.signals.counts.CallsUnanswered).toBe(1);
    expect(info.mock.calls.map((c) => (c[1] as { result: string }).result)).toEqual([
      'recorded',
      'unchanged',
      'unchanged',
    ]);
  });

  it('a pageRef that is no page is logged as unknown, never thrown', async () => {
    await submitWithCall(world);
    const info = jest.spyOn(logger, 'info');
    await createHandler(world.h.deps, logger)(sns(voiceEvent('VOICE_BUSY', 'no-such-page')));
    expect(info).toHaveBeenCalledWith('call ended', {
      source: 'sms-voice',
      ending: 'busy',
      result: 'unknown_page',
    });
  });

  it('a store failure throws, so SNS retries the event', async () => {
    const { pageRef } = await submitWithCall(world);
    world.requests.findAckToken = async () => {
      throw Object.assign(new Error('store unavailable'), { name: 'ServiceUnavailable' });
    };
    await expect(
      createHandler(world.h.deps, logger)(sns(voiceEvent('VOICE_BUSY', pageRef))),
    ).rejects.toMatchObject({ name: 'ServiceUnavailable' });
  });

  it('with SMS beside the call, the missed call is logged but the page still waits for the SMS', async () => {
    world = await voiceWorld({ ana: 'sms+voice', ben: 'voice' });
    const { pageRef } = await submitWithCall(world);
    await createHandler(world.h.deps, logger)(sns(voiceEvent('VOICE_NO_ANSWER', pageRef)));
    expect(callEndings()).toHaveLength(1);
    expect(request().position.attempt).toBe(1);
    expect(world.h.pager.delivered({ to: VOICE.ben })).toEqual([]);
  });
});

describe('Amazon Connect contact events (EventBridge)', () => {
  const attributesOf = (attributes: Record<string, string>) =>
    jest.fn<ContactAttributes>(async () => attributes);

  it('DISCONNECTED: reads the contact’s attributes by its id and records the ending they give', async () => {
    const { pageRef } = await submitWithCall(world);
    const contactAttributes = attributesOf({ pageRef, answered: 'true' });
    const info = jest.spyOn(logger, 'info');
    await createHandler(
      world.h.deps,
      logger,
      contactAttributes,
    )(contactEvent('DISCONNECTED', 'CUSTOMER_DISCONNECT'));
    expect(contactAttributes).toHaveBeenCalledTimes(1);
    expect(contactAttributes).toHaveBeenCalledWith(CONTACT_ID);
    expect(callEndings().map((e) => e.reason)).toEqual(['call_ended:no_keypress']);
    expect(request().position.attempt).toBe(2);
    expect(info).toHaveBeenCalledWith('call ended', {
      source: 'connect',
      ending: 'no_keypress',
      result: 'recorded',
    });
  });

  it.each([
    ['TELECOM_BUSY', 'call_ended:busy'],
    ['TELECOM_PROBLEM', 'call_ended:failed'],
    ['OUTBOUND_DESTINATION_ENDPOINT_ERROR', 'call_ended:failed'],
    ['CUSTOMER_DISCONNECT', 'call_ended:no_answer'],
    [undefined, 'call_ended:no_answer'],
  ])('never answered, disconnect reason %s: %s', async (disconnectReason, reason) => {
    const { pageRef } = await submitWithCall(world);
    await createHandler(
      world.h.deps,
      logger,
      attributesOf({ pageRef }),
    )(contactEvent('DISCONNECTED', disconnectReason));
    expect(callEndings().map((e) => e.reason)).toEqual([reason]);
  });

  it('a key was recorded on the contact (result): the call reached the person, nothing to record', async () => {
    const { pageRef } = await submitWithCall(world);
    const version = request().version;
    await createHandler(
      world.h.deps,
      logger,
      attributesOf({ pageRef, answered: 'true', result: 'accepted' }),
    )(contactEvent('DISCONNECTED', 'CUSTOMER_DISCONNECT'));
    expect(request().version).toBe(version);
  });

  it.each(['INITIATED', 'CONNECTED_TO_SYSTEM', 'CONNECTED_TO_AGENT', 'QUEUED', 'disconnected'])(
    'a %s event: the attributes are not even read',
    async (eventType) => {
      const { pageRef } = await submitWithCall(world);
      const contactAttributes = attributesOf({ pageRef });
      await createHandler(world.h.deps, logger, contactAttributes)(contactEvent(eventType, 'TELECOM_BUSY'));
      expect(contactAttributes).not.toHaveBeenCalled();
      expect(callEndings()).toEqual([]);
    },
  );

  it('attributes without a pageRef (a verification or test call): nothing', async () => {
    await submitWithCall(world);
    const version = request().version;
    const findAckToken = jest.spyOn(world.requests, 'findAckToken');
    for (const attributes of [{}, { answered: 'true' }, { pageRef: '' }] as Record<string, string>[]) {
      const contactAttributes = attributesOf(attributes);
      await createHandler(
        world.h.deps,
        logger,
        contactAttributes,
      )(contactEvent('DISCONNECTED', 'TELECOM_BUSY'));
      expect(contactAttributes).toHaveBeenCalledTimes(1);
    }
    expect(findAckToken).not.toHaveBeenCalled();
    expect(request().version).toBe(version);
  });

  it('without a Connect instance (no contactAttributes), a contact event is ignored', async () => {
    await submitWithCall(world);
    const version = request().version;
    await expect(
      createHandler(world.h.deps, logger)(contactEvent('DISCONNECTED', 'TELECOM_BUSY')),
    ).resolves.toBeUndefined();
    expect(request().version).toBe(version);
  });

  it('an event that is neither (other detail-type, missing contactId): ignored', async () => {
    const contactAttributes = attributesOf({ pageRef: 'x' });
    const handler = createHandler(world.h.deps, logger, contactAttributes);
    await handler({
      ...contactEvent('DISCONNECTED'),
      'detail-type': 'EC2 Instance State-change Notification',
    });
    const noContact = contactEvent('DISCONNECTED');
    await handler({ ...noContact, detail: { ...noContact.detail, contactId: '' } });
    await handler(undefined);
    await handler({ Records: 'not an array' });
    expect(contactAttributes).not.toHaveBeenCalled();
  });

  it('reading the attributes fails: the handler throws, so EventBridge retries', async () => {
    await submitWithCall(world);
    const failing = jest.fn<ContactAttributes>(async () => {
      throw Object.assign(new Error('rate exceeded'), { name: 'ThrottlingException' });
    });
    await expect(
      createHandler(world.h.deps, logger, failing)(contactEvent('DISCONNECTED', 'TELECOM_BUSY')),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('after the request was accepted, a late no-answer changes nothing', async () => {
    const { pageRef } = await submitWithCall(world);
    await respondByApi(world.h.deps, asClinician('ana'), CLINIC_ID, request().requestId, 'acknowledge');
    const version = request().version;
    const info = jest.spyOn(logger, 'info');
    await createHandler(
      world.h.deps,
      logger,
      attributesOf({ pageRef }),
    )(contactEvent('DISCONNECTED', 'OTHER'));
    expect(request().version).toBe(version);
    expect(info).toHaveBeenCalledWith('call ended', {
      source: 'connect',
      ending: 'no_answer',
      result: 'unchanged',
    });
  });
});
