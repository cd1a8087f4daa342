import type { Logger } from '@aws-lambda-powertools/logger';
import type { SNSEvent } from 'aws-lambda';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { recordCallEnding } from '../../shared/app/requests/voice-keypress.js';
import type { CallEnding } from '../../shared/domain/escalation/index.js';
import { connectEnding, smsVoiceEnding } from '../../shared/domain/paging/call-endings.js';
import { connectContactEventSchema, smsVoiceEventSchema } from '../../shared/schemas/voice-events.js';

/** A Connect contact's user-defined attributes (the flow's `pageRef`, `answered`, `result`). */
export type ContactAttributes = (contactId: string) => Promise<Record<string, string>>;

const isSns = (event: unknown): event is SNSEvent =>
  typeof event === 'object' && event !== null && Array.isArray((event as SNSEvent).Records);

/**
 * The end of a voice page's call, from either provider: Connect contact events (EventBridge) or End User
 * Messaging voice events (SNS). A call that missed the person is recorded on its page, which may move the
 * request on at once. A store failure throws, so the event is retried (its source retries, then the DLQ).
 */
export const createHandler = (deps: RequestDeps, logger: Logger, contactAttributes?: ContactAttributes) => {
  const record = async (pageRef: string | undefined, ending: CallEnding | null, source: string) => {
    // Codes and test calls carry no page; a call that reached the person is no ending.
    if (!pageRef || !ending) return;
    const result = await recordCallEnding(deps, pageRef, ending);
    logger.info('call ended', { source, ending, result });
  };

  return async function callEnded(event: unknown): Promise<void> {
    if (isSns(event)) {
      for (const { Sns } of event.Records) {
        const parsed = smsVoiceEventSchema.safeParse(safeJson(Sns.Message));
        if (!parsed.success) continue;
        await record(parsed.data.context?.pageRef, smsVoiceEnding(parsed.data.eventType), 'sms-voice');
      }
      return;
    }
    const contact = connectContactEventSchema.safeParse(event);
    if (!contact.success || contact.data.detail.eventType !== 'DISCONNECTED' || !contactAttributes) return;
    const { contactId, disconnectReason } = contact.data.detail;
    const attributes = await contactAttributes(contactId);
    await record(attributes.pageRef, connectEnding(attributes, disconnectReason), 'connect');
  };
};

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
