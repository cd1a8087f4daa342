import type { VoiceId } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ENV } from '../../shared/config/env-names.js';
import type { Pager } from '../../shared/ports/pager.js';
import { requireEnv } from './env.js';
import { loadedOnFirstUse } from './loaded-on-first-use.js';

/** The voice pager the stage config chose (the CDK app set its variables), or none. */
export function voicePagerFromEnv(): Pager | undefined {
  const provider = process.env[ENV.voiceProvider];
  if (provider === 'connect') {
    const settings = {
      instanceId: requireEnv(ENV.connectInstanceId),
      contactFlowId: requireEnv(ENV.connectContactFlowId),
      sourcePhoneNumber: requireEnv(ENV.voiceSourceNumber),
    };
    return loadedOnFirstUse(async () => {
      const [{ ConnectClient }, { ConnectVoicePager }] = await Promise.all([
        import('@aws-sdk/client-connect'),
        import('../../shared/adapters/aws/connect-voice-pager.js'),
      ]);
      return new ConnectVoicePager(new ConnectClient({ maxAttempts: 3 }), settings);
    });
  }
  if (provider === 'sms-voice') {
    const settings = {
      originationIdentity: requireEnv(ENV.voiceSourceNumber),
      configurationSetName: requireEnv(ENV.voiceConfigurationSet),
      voiceId: (process.env[ENV.voiceId] || 'JOANNA') as VoiceId,
    };
    return loadedOnFirstUse(async () => {
      const [{ PinpointSMSVoiceV2Client }, { SmsVoicePager }] = await Promise.all([
        import('@aws-sdk/client-pinpoint-sms-voice-v2'),
        import('../../shared/adapters/aws/sms-voice-pager.js'),
      ]);
      return new SmsVoicePager(new PinpointSMSVoiceV2Client({ maxAttempts: 3 }), settings);
    });
  }
  if (provider) throw new Error(`${ENV.voiceProvider} is "${provider}": expected connect or sms-voice`);
  return undefined;
}
