import type { VoiceId } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ENV } from '../../shared/config/env-names.js';
import type { Pager } from '../../shared/ports/pager.js';
import { requireEnv } from './env.js';
import { loadedOnFirstUse } from './loaded-on-first-use.js';

/**
 * The voice pager the stage config chose (the CDK app set its variables), or none. A provider the stage did
 * not choose is left out of its bundles at build time (`CRISIS_BUNDLES_*`, infra/constructs/bundled-channels.ts):
 * the literal `process.env.…` comparisons are what esbuild folds, so they stay written out in full.
 */
export function voicePagerFromEnv(): Pager | undefined {
  const provider = process.env[ENV.voiceProvider];
  if (provider === 'connect' && process.env.CRISIS_BUNDLES_CONNECT !== 'false') {
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
  if (provider === 'sms-voice' && process.env.CRISIS_BUNDLES_SMS_VOICE !== 'false') {
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
  if (provider === 'connect' || provider === 'sms-voice') throw notBundled(provider);
  if (provider) throw new Error(`${ENV.voiceProvider} is "${provider}": expected connect or sms-voice`);
  return undefined;
}

/** The stage's config and its bundles disagree: fail the cold start, never page without the channel quietly. */
function notBundled(provider: string): Error {
  return new Error(`${ENV.voiceProvider} is "${provider}", but this bundle was built without that provider`);
}
