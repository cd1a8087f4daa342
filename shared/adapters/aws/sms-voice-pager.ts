import {
  SendVoiceMessageCommand,
  type PinpointSMSVoiceV2Client,
  type VoiceId,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { OutgoingPage, Pager, SendResult } from '../../ports/pager.js';
import { notConfigured } from '../channel-pager.js';

export interface SmsVoiceSettings {
  /** The number (or its id or ARN) calls come from: one of the account's End User Messaging numbers, voice-enabled. */
  originationIdentity: string;
  /** Its events (busy, no answer, failed) go to the call-events topic. */
  configurationSetName: string;
  voiceId: VoiceId;
}

const ACCOUNT_LEVEL = new Set([
  'AccessDeniedException',
  'ResourceNotFoundException',
  'ConflictException',
  'ValidationException',
]);

/**
 * Voice pages as a text-to-speech call through AWS End User Messaging SMS and Voice, where no Connect instance
 * is configured. It takes no keys, so the call says how to answer instead: the SMS code or the link. The
 * page's reference rides in the message's context and comes back with the call's events.
 */
export class SmsVoicePager implements Pager {
  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly settings: SmsVoiceSettings,
  ) {}

  async send(page: OutgoingPage): Promise<SendResult> {
    if (page.channel !== 'voice') return notConfigured(page.channel);
    const body = page.voicePrompt ? `${page.text} ${page.voicePrompt.withoutKeys}` : page.text;
    try {
      const { MessageId } = await this.client.send(
        new SendVoiceMessageCommand({
          DestinationPhoneNumber: page.to,
          OriginationIdentity: this.settings.originationIdentity,
          ConfigurationSetName: this.settings.configurationSetName,
          MessageBody: body,
          MessageBodyTextType: 'TEXT',
          VoiceId: this.settings.voiceId,
          // A page rings for as long as it matters at most: an hour-old call helps nobody.
          TimeToLive: 3600,
          ...(page.pageRef && { Context: { pageRef: page.pageRef } }),
        }),
      );
      return { ok: true, messageId: MessageId ?? 'unknown' };
    } catch (error) {
      return classifySmsVoiceError(error);
    }
  }
}

export function classifySmsVoiceError(error: unknown): SendResult & { ok: false } {
  const name = (error as Error | undefined)?.name ?? 'UnknownError';
  const reason = (error as { Reason?: string } | undefined)?.Reason;
  const code = name.replace(/Exception$/, '');
  // The person opted out of messages from this account: only they can undo it.
  if (reason === 'DESTINATION_PHONE_NUMBER_OPTED_OUT')
    return { ok: false, code: 'OptedOut', permanent: true };
  if (ACCOUNT_LEVEL.has(name))
    return { ok: false, code: reason ? `${code}:${reason}` : code, permanent: false, accountLevel: true };
  // Throttling, quotas, 5xx, timeouts: passing, re-attempted.
  return { ok: false, code, permanent: false };
}
