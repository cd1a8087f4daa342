// How each calling provider's words for a call that missed the person map to ours. A call that played to
// the end (End User Messaging takes no keys) or that the flow answered is not an ending: nothing to record.
import type { CallEnding } from '../escalation/index.js';

const SMS_VOICE_ENDINGS: Record<string, CallEnding> = {
  VOICE_BUSY: 'busy',
  VOICE_NO_ANSWER: 'no_answer',
  VOICE_FAILED: 'failed',
  // The call could not be placed before its time to live ran out.
  VOICE_TTL_EXPIRED: 'failed',
};

// Own keys only: an event type such as "constructor" must not find Object's prototype.
export const smsVoiceEnding = (eventType: string): CallEnding | null =>
  Object.hasOwn(SMS_VOICE_ENDINGS, eventType) ? (SMS_VOICE_ENDINGS[eventType] ?? null) : null;

/**
 * A Connect call that ended: the flow marks the contact `answered` when it starts (it starts only once the
 * call connects) and records the key's `result`. Answered with no result is a call nobody keyed (voicemail);
 * never answered is busy, failed or no answer by the disconnect reason.
 */
export function connectEnding(
  attributes: Record<string, string | undefined>,
  disconnectReason = '',
): CallEnding | null {
  // `error`: the keypress could not be recorded, so the person was not reached after all.
  if (attributes.result && attributes.result !== 'error') return null;
  if (attributes.answered === 'true') return 'no_keypress';
  if (/BUSY/i.test(disconnectReason)) return 'busy';
  if (/ERROR|FAIL|TELECOM|RESOURCE/i.test(disconnectReason)) return 'failed';
  return 'no_answer';
}
