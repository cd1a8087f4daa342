import { SNSClient } from '@aws-sdk/client-sns';
import { ChannelPager } from '../../shared/adapters/channel-pager.js';
import { SnsPager } from '../../shared/adapters/aws/sns-pager.js';
import { ENV } from '../../shared/config/env-names.js';
import type { Pager } from '../../shared/ports/pager.js';
import { smsAttributes } from './env.js';
import { pushPagerFromEnv } from './push-pager.js';
import { voicePagerFromEnv } from './voice-pager.js';

/**
 * Every channel this deployment was given, read once at cold start: SMS and email through SNS always; voice
 * and push only where the stage config turned them on (the CDK app then set their variables).
 */
export function awsPager(sns = new SNSClient({ maxAttempts: 3 })): ChannelPager {
  const snsPager = new SnsPager(sns, process.env[ENV.emailTopicArn] || undefined, smsAttributes());
  const byChannel: Partial<Record<'sms' | 'email' | 'voice' | 'push', Pager>> = {
    sms: snsPager,
    email: snsPager,
  };
  const voice = voicePagerFromEnv();
  if (voice) byChannel.voice = voice;
  const push = pushPagerFromEnv();
  if (push) byChannel.push = push;
  return new ChannelPager(byChannel);
}

/** For a function granted no SNS: a message it tried to send fails (and is counted), never leaves quietly. */
export const noPager: Pager = {
  send: async () => ({ ok: false, code: 'PagingNotPermitted', permanent: false }),
};
