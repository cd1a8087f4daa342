// Voice pages as Amazon Connect outbound calls, against a mocked Connect client: what the call carries (the
// flow, the numbers, and the say/keys/pageRef attributes the flow reads), and how each refusal becomes a
// send result (throttling and limits passing; our own instance, flow, number or permissions account-level).
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  AccessDeniedException,
  ConnectClient,
  ContactFlowNotPublishedException,
  DestinationNotAllowedException,
  InternalServiceException,
  InvalidParameterException,
  InvalidRequestException,
  LimitExceededException,
  OutboundContactNotPermittedException,
  ResourceNotFoundException,
  StartOutboundVoiceContactCommand,
  ThrottlingException,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import {
  classifyConnectError,
  ConnectVoicePager,
  type ConnectVoiceSettings,
} from '../../../shared/adapters/aws/connect-voice-pager.js';
import type { OutgoingPage } from '../../../shared/ports/pager.js';

const connectMock = mockClient(ConnectClient);
afterEach(() => {
  connectMock.reset();
});

const SETTINGS: ConnectVoiceSettings = {
  instanceId: '8f0c3a52-1b2d-4e5f-9a0b-1c2d3e4f5a6b',
  contactFlowId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  sourcePhoneNumber: '+442071234567',
};
const CONTACT_ID = 'f3e2d1c0-b9a8-4776-8554-433221100fed';
const meta = { $metadata: {} };

const pager = () =>
  new ConnectVoicePager(new ConnectClient({ region: 'eu-west-2', maxAttempts: 1 }), SETTINGS);

const SAY =
  'This is crisis-router. Urgent crisis request, reference R 7 K Q, for General at Northside Clinic. Again: Urgent crisis request, reference R 7 K Q, for General at Northside Clinic.';
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
  pageRef: 'q8S0mZ3v1m2n3b4v5c6x7z8a9s0d1f2g3h4j5k6l7p0',
  ...over,
});

describe('a voice page', () => {
  it('starts an outbound call of the configured flow from the claimed number, with say, keys and pageRef', async () => {
    connectMock.on(StartOutboundVoiceContactCommand).resolves({ ContactId: CONTACT_ID });
    const result = await pager().send(voicePage());
    expect(result).toEqual({ ok: true, messageId: CONTACT_ID });
    const calls = connectMock.commandCalls(StartOutboundVoiceContactCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      InstanceId: SETTINGS.instanceId,
      ContactFlowId: SETTINGS.contactFlowId,
      SourcePhoneNumber: SETTINGS.sourcePhoneNumber,
      DestinationPhoneNumber: '+447700900101',
      Attributes: {
        say: SAY,
        keys: KEYS,
        pageRef: 'q8S0mZ3v1m2n3b4v5c6x7z8a9s0d1f2g3h4j5k6l7p0',
      },
    });
  });

  it('carries no patient detail, no code and no link in the attributes (only what the call says)', async () => {
    connectMock.on(StartOutboundVoiceContactCommand).resolves({ ContactId: CONTACT_ID });
    await pager().send(voicePage());
    const attributes = connectMock.commandCalls(StartOutboundVoiceContactCommand)[0]?.args[0].input
      .Attributes;
    expect(Object.keys(attributes ?? {}).sort()).toEqual(['keys', 'pageRef', 'say']);
    expect(JSON.stringify(attributes)).not.toContain('/ack/');
    expect(JSON.stringify(attributes)).not.toContain(WITHOUT_KEYS);
  });

  it('a call with no keys to take (a verification code) has empty keys and pageRef', async () => {
    connectMock.on(StartOutboundVoiceContactCommand).resolves({ ContactId: CONTACT_ID });
    const code = voicePage({
      purpose: 'verification',
      text: 'This is crisis-router. Your code is 1 2 3 4 5 6. Again: 1 2 3 4 5 6.',
      ackUrl: '',
      code: '123456',
    });
    delete code.voicePrompt;
    delete code.pageRef;
    expect(await pager().send(code)).toEqual({ ok: true, messageId: CONTACT_ID });
    expect(connectMock.commandCalls(StartOutboundVoiceContactCommand)[0]?.args[0].input.Attributes).toEqual({
      say: 'This is crisis-router. Your code is 1 2 3 4 5 6. Again: 1 2 3 4 5 6.',
      keys: '',
      pageRef: '',
    });
  });

  it('each page is its own call, to its own number', async () => {
    connectMock
      .on(StartOutboundVoiceContactCommand)
      .resolvesOnce({ ContactId: 'contact-1' })
      .resolvesOnce({ ContactId: 'contact-2' });
    const p = pager();
    expect(await p.send(voicePage({ to: '+447700900101' }))).toEqual({ ok: true, messageId: 'contact-1' });
    expect(await p.send(voicePage({ to: '+447700900102' }))).toEqual({ ok: true, messageId: 'contact-2' });
    expect(
      connectMock
        .commandCalls(StartOutboundVoiceContactCommand)
        .map((c) => c.args[0].input.DestinationPhoneNumber),
    ).toEqual(['+447700900101', '+447700900102']);
  });

  it.each(['sms', 'email', 'push'] as const)(
    'a %s page is not Connect’s: not configured (account-level), and Connect is not called',
    async (channel) => {
      const result = await pager().send(voicePage({ channel }));
      expect(result).toEqual({
        ok: false,
        code: `${channel.charAt(0).toUpperCase()}${channel.slice(1)}NotConfigured`,
        permanent: false,
        accountLevel: true,
      });
      expect(connectMock.commandCalls(StartOutboundVoiceContactCommand)).toHaveLength(0);
    },
  );
});

describe('Connect refusals', () => {
  it.each([
    ['Throttling', new ThrottlingException({ message: 'Rate exceeded', ...meta })],
    ['LimitExceeded', new LimitExceededException({ message: 'Concurrent calls', ...meta })],
    ['InternalService', new InternalServiceException({ message: 'Internal', ...meta })],
  ])('%s is passing: re-attempted, never the person’s, not raised as our account', async (code, error) => {
    connectMock.on(StartOutboundVoiceContactCommand).rejects(error);
    const result = await pager().send(voicePage());
    expect(result).toEqual({ ok: false, code, permanent: false });
    expect(result).not.toHaveProperty('accountLevel');
  });

  it.each([
    ['AccessDenied', new AccessDeniedException({ message: 'Not authorized', ...meta })],
    [
      'DestinationNotAllowed',
      new DestinationNotAllowedException({ message: 'Country not allowed', ...meta }),
    ],
    [
      'OutboundContactNotPermitted',
      new OutboundContactNotPermittedException({ message: 'Outbound calls disabled', ...meta }),
    ],
    ['ResourceNotFound', new ResourceNotFoundException({ message: 'No such flow', ...meta })],
    ['InvalidParameter', new InvalidParameterException({ message: 'Bad number', ...meta })],
    ['InvalidRequest', new InvalidRequestException({ message: 'Bad request', ...meta })],
    [
      'ContactFlowNotPublished',
      new ContactFlowNotPublishedException({ message: 'Flow not published', ...meta }),
    ],
  ])('%s is our own account’s: account-level, not permanent', async (code, error) => {
    connectMock.on(StartOutboundVoiceContactCommand).rejects(error);
    expect(await pager().send(voicePage())).toEqual({
      ok: false,
      code,
      permanent: false,
      accountLevel: true,
    });
  });

  it('a network error or timeout is passing, named by the error', async () => {
    connectMock
      .on(StartOutboundVoiceContactCommand)
      .rejects(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));
    expect(await pager().send(voicePage())).toEqual({ ok: false, code: 'TimeoutError', permanent: false });
  });
});

describe('classifyConnectError', () => {
  it('drops only a trailing "Exception" from the name', () => {
    expect(classifyConnectError(new ThrottlingException({ message: 'x', ...meta })).code).toBe('Throttling');
    expect(classifyConnectError(Object.assign(new Error('x'), { name: 'ExceptionalError' })).code).toBe(
      'ExceptionalError',
    );
  });

  it('something thrown that is not an error is passing and unknown', () => {
    expect(classifyConnectError(undefined)).toEqual({ ok: false, code: 'UnknownError', permanent: false });
  });

  it('an account-level name matches only exactly (no accountLevel for a lookalike)', () => {
    const lookalike = Object.assign(new Error('x'), { name: 'AccessDenied' });
    expect(classifyConnectError(lookalike)).toEqual({ ok: false, code: 'AccessDenied', permanent: false });
  });
});
