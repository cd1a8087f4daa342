// Voice pages as End User Messaging text-to-speech calls, against a mocked client: the call takes no keys,
// so it says how to answer instead; the page's reference rides in the message's context; and each refusal
// becomes a send result (opted out permanent, our own account's refusals account-level, throttling passing).
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  PinpointSMSVoiceV2Client,
  ResourceNotFoundException,
  SendVoiceMessageCommand,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
  type ValidationExceptionReason,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  classifySmsVoiceError,
  SmsVoicePager,
  type SmsVoiceSettings,
} from '../../../shared/adapters/aws/sms-voice-pager.js';
import type { OutgoingPage } from '../../../shared/ports/pager.js';

const smsVoiceMock = mockClient(PinpointSMSVoiceV2Client);
afterEach(() => {
  smsVoiceMock.reset();
});

const SETTINGS: SmsVoiceSettings = {
  originationIdentity: 'phone-0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  configurationSetName: 'crisis-router-call-events',
  voiceId: 'AMY',
};
const MESSAGE_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const PAGE_REF = 'q8S0mZ3v1m2n3b4v5c6x7z8a9s0d1f2g3h4j5k6l7p0';
const meta = { $metadata: {} };

const pager = () =>
  new SmsVoicePager(new PinpointSMSVoiceV2Client({ region: 'eu-west-2', maxAttempts: 1 }), SETTINGS);

const SAY =
  'This is crisis-router. Urgent crisis request, reference R 7 K Q, for General at Northside Clinic.';
const KEYS = 'Press 1 to accept. Press 2 to decline.';
const WITHOUT_KEYS =
  'To accept or decline, reply to the text message with code 4 8 2 1, or open the link in it. Goodbye.';

const voicePage = (over: Partial<OutgoingPage> = {}): OutgoingPage => ({
  channel: 'voice',
  to: '+447700900101',
  clinicianId: 'ana',
  text: SAY,
  voicePrompt: { keys: KEYS, withoutKeys: WITHOUT_KEYS },
  ackUrl: 'https://crisis.example.org/ack/abcdefghijklmnopqrstuv',
  code: '4821',
  pageRef: PAGE_REF,
  ...over,
});

const sentInput = () => smsVoiceMock.commandCalls(SendVoiceMessageCommand)[0]?.args[0].input;

describe('a voice page', () => {
  it('is a text-to-speech call that says the page and how to answer without keys, its pageRef in the context', async () => {
    smsVoiceMock.on(SendVoiceMessageCommand).resolves({ MessageId: MESSAGE_ID });
    expect(await pager().send(voicePage())).toEqual({ ok: true, messageId: MESSAGE_ID });
    expect(smsVoiceMock.commandCalls(SendVoiceMessageCommand)).toHaveLength(1);
    expect(sentInput()).toEqual({
      DestinationPhoneNumber: '+447700900101',
      OriginationIdentity: SETTINGS.originationIdentity,
      ConfigurationSetName: SETTINGS.configurationSetName,
      MessageBody: `${SAY} ${WITHOUT_KEYS}`,
      MessageBodyTextType: 'TEXT',
      VoiceId: 'AMY',
      TimeToLive: 3600,
      Context: { pageRef: PAGE_REF },
    });
  });

  it('never speaks the keys: this provider cannot take them', async () => {
    smsVoiceMock.on(SendVoiceMessageCommand).resolves({ MessageId: MESSAGE_ID });
    await pager().send(voicePage());
    expect(sentInput()?.MessageBody).not.toContain('Press 1');
    expect(sentInput()?.MessageBody).not.toContain('/ack/');
  });

  it('a call with no page (a verification code) says only its text and carries no context', async () => {
    smsVoiceMock.on(SendVoiceMessageCommand).resolves({ MessageId: MESSAGE_ID });
    const code = voicePage({
      purpose: 'verification',
      text: 'This is crisis-router. Your code is 1 2 3 4 5 6.',
      ackUrl: '',
      code: '123456',
    });
    delete code.voicePrompt;
    delete code.pageRef;
    expect(await pager().send(code)).toEqual({ ok: true, messageId: MESSAGE_ID });
    expect(sentInput()?.MessageBody).toBe('This is crisis-router. Your code is 1 2 3 4 5 6.');
    expect(sentInput()).not.toHaveProperty('Context');
  });

  it('an empty pageRef is no page: no context', async () => {
    smsVoiceMock.on(SendVoiceMessageCommand).resolves({ MessageId: MESSAGE_ID });
    await pager().send(voicePage({ pageRef: '' }));
    expect(sentInput()).not.toHaveProperty('Context');
  });

  it('a missing MessageId is still sent (the page left), with an unknown id', async () => {
    smsVoiceMock.on(SendVoiceMessageCommand).resolves({});
    expect(await pager().send(voicePage())).toEqual({ ok: true, messageId: 'unknown' });
  });

  it.each(['sms', 'email', 'push'] as const)(
    'a %s page is not this provider’s: not configured, and nothing is called',
    async (channel) => {
      expect(await pager().send(voicePage({ channel }))).toMatchObject({
        ok: false,
        permanent: false,
        accountLevel: true,
        code: expect.stringMatching(/NotConfigured$/),
      });
      expect(smsVoiceMock.commandCalls(SendVoiceMessageCommand)).toHaveLength(0);
    },
  );
});

describe('End User Messaging refusals', () => {
  // The SDK's model has DESTINATION_PHONE_NUMBER_OPTED_OUT as a ConflictException reason; the classifier
  // goes by the reason whatever the exception, so a ValidationException carrying it is opted out too.
  it.each([
    [
      'ConflictException',
      new ConflictException({
        message: 'The destination phone number is opted out',
        ...meta,
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
      }),
    ],
    [
      'ValidationException',
      new ValidationException({
        message: 'The destination phone number is opted out',
        ...meta,
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT' as ValidationExceptionReason,
      }),
    ],
  ])(
    'an opted-out destination (%s) is permanent: only the person can undo it, never account-level',
    async (_name, error) => {
      smsVoiceMock.on(SendVoiceMessageCommand).rejects(error);
      const result = await pager().send(voicePage());
      expect(result).toEqual({ ok: false, code: 'OptedOut', permanent: true });
      expect(result).not.toHaveProperty('accountLevel');
    },
  );

  it.each([
    'DESTINATION_PHONE_NUMBER_NOT_VERIFIED',
    'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE',
  ] as const)(
    'any other conflict (%s, a sandbox or protect setting) is our own account’s, naming the reason',
    async (reason) => {
      smsVoiceMock
        .on(SendVoiceMessageCommand)
        .rejects(new ConflictException({ message: 'refused', ...meta, Reason: reason }));
      expect(await pager().send(voicePage())).toEqual({
        ok: false,
        code: `Conflict:${reason}`,
        permanent: false,
        accountLevel: true,
      });
    },
  );

  it.each(['DESTINATION_COUNTRY_BLOCKED', 'VOICE_CAPABILITY_NOT_AVAILABLE', 'INVALID_PARAMETER'] as const)(
    'any other validation refusal (%s) is our own account’s, its code naming the reason',
    async (reason) => {
      smsVoiceMock
        .on(SendVoiceMessageCommand)
        .rejects(new ValidationException({ message: 'refused', ...meta, Reason: reason }));
      expect(await pager().send(voicePage())).toEqual({
        ok: false,
        code: `Validation:${reason}`,
        permanent: false,
        accountLevel: true,
      });
    },
  );

  it('a validation refusal with no reason is account-level as plain Validation', async () => {
    smsVoiceMock
      .on(SendVoiceMessageCommand)
      .rejects(new ValidationException({ message: 'refused', ...meta }));
    expect(await pager().send(voicePage())).toEqual({
      ok: false,
      code: 'Validation',
      permanent: false,
      accountLevel: true,
    });
  });

  it.each([
    ['AccessDenied', new AccessDeniedException({ message: 'no', ...meta })],
    ['ResourceNotFound', new ResourceNotFoundException({ message: 'no such number', ...meta })],
    ['Conflict', new ConflictException({ message: 'number not active', ...meta })],
  ])('%s is account-level, not permanent', async (code, error) => {
    smsVoiceMock.on(SendVoiceMessageCommand).rejects(error);
    expect(await pager().send(voicePage())).toMatchObject({
      ok: false,
      code: expect.stringMatching(new RegExp(`^${code}`)),
      permanent: false,
      accountLevel: true,
    });
  });

  it.each([
    ['Throttling', new ThrottlingException({ message: 'slow down', ...meta })],
    ['ServiceQuotaExceeded', new ServiceQuotaExceededException({ message: 'quota', ...meta })],
    ['InternalServer', new InternalServerException({ message: 'oops', ...meta })],
  ])('%s is passing: re-attempted, not account-level', async (code, error) => {
    smsVoiceMock.on(SendVoiceMessageCommand).rejects(error);
    const result = await pager().send(voicePage());
    expect(result).toEqual({ ok: false, code, permanent: false });
    expect(result).not.toHaveProperty('accountLevel');
  });
});

describe('classifySmsVoiceError', () => {
  it('opted out wins whatever the error’s name', () => {
    const odd = Object.assign(new Error('x'), {
      name: 'Whatever',
      Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
    });
    expect(classifySmsVoiceError(odd)).toEqual({ ok: false, code: 'OptedOut', permanent: true });
  });

  it('something thrown that is not an error is passing and unknown', () => {
    expect(classifySmsVoiceError(undefined)).toEqual({ ok: false, code: 'UnknownError', permanent: false });
  });
});
