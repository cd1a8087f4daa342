// The voice pager the stage config chose, from the environment the CDK app set: none without a provider,
// a missing variable named at cold start, and the provider's client loaded on the first page (mocked here:
// aws-sdk-client-mock stubs the client class itself, so the lazily imported client is mocked too).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConnectClient, StartOutboundVoiceContactCommand } from '@aws-sdk/client-connect';
import { PinpointSMSVoiceV2Client, SendVoiceMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { voicePagerFromEnv } from '../../../functions/deps/voice-pager.js';
import { ENV } from '../../../shared/config/env-names.js';
import type { OutgoingPage } from '../../../shared/ports/pager.js';

const connectMock = mockClient(ConnectClient);
const smsVoiceMock = mockClient(PinpointSMSVoiceV2Client);

const VARIABLES = [
  ENV.voiceProvider,
  ENV.connectInstanceId,
  ENV.connectContactFlowId,
  ENV.voiceSourceNumber,
  ENV.voiceConfigurationSet,
  ENV.voiceId,
  'AWS_REGION',
];
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of VARIABLES) delete process.env[name];
  process.env.AWS_REGION = 'eu-west-2';
});

afterEach(() => {
  for (const name of VARIABLES) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  connectMock.reset();
  smsVoiceMock.reset();
});

const CONNECT_ENV = {
  [ENV.voiceProvider]: 'connect',
  [ENV.connectInstanceId]: '8f0c3a52-1b2d-4e5f-9a0b-1c2d3e4f5a6b',
  [ENV.connectContactFlowId]: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f',
  [ENV.voiceSourceNumber]: '+442071234567',
};
const SMS_VOICE_ENV = {
  [ENV.voiceProvider]: 'sms-voice',
  [ENV.voiceSourceNumber]: 'phone-0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  [ENV.voiceConfigurationSet]: 'crisis-router-call-events',
};
const setEnv = (values: Record<string, string>) => Object.assign(process.env, values);

const page: OutgoingPage = {
  channel: 'voice',
  to: '+447700900101',
  text: 'This is crisis-router. Urgent crisis request.',
  voicePrompt: { keys: 'Press 1 to accept. Press 2 to decline.', withoutKeys: 'Reply to the text. Goodbye.' },
  ackUrl: 'https://crisis.example.org/ack/abcdefghijklmnopqrstuv',
  code: '4821',
  pageRef: 'ref-1',
};

describe('voicePagerFromEnv', () => {
  it('no VOICE_PROVIDER: no voice pager', () => {
    expect(voicePagerFromEnv()).toBeUndefined();
  });

  it('an empty VOICE_PROVIDER: none either', () => {
    setEnv({ [ENV.voiceProvider]: '' });
    expect(voicePagerFromEnv()).toBeUndefined();
  });

  describe('connect', () => {
    it.each([ENV.connectInstanceId, ENV.connectContactFlowId, ENV.voiceSourceNumber])(
      'without %s: throws naming the variable',
      (missing) => {
        setEnv(CONNECT_ENV);
        delete process.env[missing];
        expect(() => voicePagerFromEnv()).toThrow(`missing environment variable ${missing}`);
      },
    );

    it('an empty variable is missing too', () => {
      setEnv({ ...CONNECT_ENV, [ENV.connectInstanceId]: '' });
      expect(() => voicePagerFromEnv()).toThrow(ENV.connectInstanceId);
    });

    it('fully set: the first page starts a Connect call with the settings from the environment', async () => {
      setEnv(CONNECT_ENV);
      connectMock.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'contact-1' });
      const pager = voicePagerFromEnv();
      expect(pager).toBeDefined();
      // Nothing is called before a page.
      expect(connectMock.calls()).toHaveLength(0);
      expect(await pager?.send(page)).toEqual({ ok: true, messageId: 'contact-1' });
      const calls = connectMock.commandCalls(StartOutboundVoiceContactCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.args[0].input).toEqual({
        InstanceId: CONNECT_ENV[ENV.connectInstanceId],
        ContactFlowId: CONNECT_ENV[ENV.connectContactFlowId],
        SourcePhoneNumber: CONNECT_ENV[ENV.voiceSourceNumber],
        DestinationPhoneNumber: '+447700900101',
        Attributes: { say: page.text, keys: 'Press 1 to accept. Press 2 to decline.', pageRef: 'ref-1' },
      });
      expect(smsVoiceMock.calls()).toHaveLength(0);
    });

    it('reads its settings once, at creation: later pages keep them', async () => {
      setEnv(CONNECT_ENV);
      connectMock.on(StartOutboundVoiceContactCommand).resolves({ ContactId: 'contact-2' });
      const pager = voicePagerFromEnv();
      process.env[ENV.connectInstanceId] = 'changed-later';
      await pager?.send(page);
      await pager?.send({ ...page, to: '+447700900102' });
      expect(
        connectMock.commandCalls(StartOutboundVoiceContactCommand).map((c) => c.args[0].input.InstanceId),
      ).toEqual([CONNECT_ENV[ENV.connectInstanceId], CONNECT_ENV[ENV.connectInstanceId]]);
    });

    it('a refusal comes back as a send result, classified as Connect’s', async () => {
      setEnv(CONNECT_ENV);
      connectMock
        .on(StartOutboundVoiceContactCommand)
        .rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
      expect(await voicePagerFromEnv()?.send(page)).toEqual({
        ok: false,
        code: 'AccessDenied',
        permanent: false,
        accountLevel: true,
      });
    });
  });

  describe('sms-voice', () => {
    it.each([ENV.voiceSourceNumber, ENV.voiceConfigurationSet])('without %s: throws naming it', (missing) => {
      setEnv(SMS_VOICE_ENV);
      delete process.env[missing];
      expect(() => voicePagerFromEnv()).toThrow(`missing environment variable ${missing}`);
    });

    it('does not need the Connect variables', () => {
      setEnv(SMS_VOICE_ENV);
      expect(voicePagerFromEnv()).toBeDefined();
    });

    it('fully set: the first page is an End User Messaging call, in the default voice', async () => {
      setEnv(SMS_VOICE_ENV);
      smsVoiceMock.on(SendVoiceMessageCommand).resolves({ MessageId: 'msg-1' });
      expect(await voicePagerFromEnv()?.send(page)).toEqual({ ok: true, messageId: 'msg-1' });
      expect(smsVoiceMock.commandCalls(SendVoiceMessageCommand)[0]?.args[0].input).toMatchObject({
        OriginationIdentity: SMS_VOICE_ENV[ENV.voiceSourceNumber],
        ConfigurationSetName: SMS_VOICE_ENV[ENV.voiceConfigurationSet],
        VoiceId: 'JOANNA',
        Context: { pageRef: 'ref-1' },
      });
      expect(connectMock.calls()).toHaveLength(0);
    });

    it('VOICE_ID picks the voice', async () => {
      setEnv({ ...SMS_VOICE_ENV, [ENV.voiceId]: 'AMY' });
      smsVoiceMock.on(SendVoiceMessageCommand).resolves({ MessageId: 'msg-2' });
      await voicePagerFromEnv()?.send(page);
      expect(smsVoiceMock.commandCalls(SendVoiceMessageCommand)[0]?.args[0].input.VoiceId).toBe('AMY');
    });
  });
});
