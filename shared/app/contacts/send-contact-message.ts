import { randomInt } from 'node:crypto';
import {
  audienceOf,
  channelOf,
  VERIFY_LIFETIME_MS,
  type ContactMethod,
  type ContactOwner,
  type ContactResult,
} from '../../domain/contacts.js';
import { contactMessageText, voiceContactScript } from '../../domain/paging/page-text.js';
import type { SendResult } from '../../ports/pager.js';
import { hashSecret } from '../secrets.js';
import type { ContactDeps } from './contact-deps.js';

/** Six digits: typed by hand from one phone into another app, and guarded by a few tries and a short life. */
export const newVerificationCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** Bound to its method: the same digits sent to two methods never verify the other one. */
export const verificationHash = (contactId: string, code: string) => hashSecret(`${contactId}:${code}`);

/**
 * A code or a test page through the pager that sends pages, so a test proves the path a page takes. The
 * result is what the provider said; a pager that throws is a failed send, as for pages.
 */
export async function sendContactMessage(
  deps: ContactDeps,
  clinicId: string,
  owner: ContactOwner,
  method: ContactMethod,
  message: { purpose: 'verification' | 'test'; clinicName: string; code?: string },
): Promise<ContactResult> {
  const channel = channelOf(method.type);
  const at = deps.clock();
  if (!channel)
    return { at, kind: message.purpose, outcome: 'failed', code: 'ChannelNotAvailable', permanent: false };
  const text = contactMessageText({ ...message, minutesValid: VERIFY_LIFETIME_MS / 60_000 });
  const sent: SendResult = await deps.pager
    .send({
      channel,
      purpose: message.purpose,
      to: method.value,
      ...('clinicianId' in owner && { clinicianId: owner.clinicianId }),
      ...(channel === 'email' && { audience: audienceOf(clinicId, owner) }),
      text:
        channel === 'email' ? text.body : channel === 'voice' ? voiceContactScript({ ...message }) : text.sms,
      ...((channel === 'email' || channel === 'push') && { subject: text.subject }),
      ackUrl: '',
      code: message.code ?? '',
    })
    .catch((error: unknown) => ({
      ok: false,
      code: (error as Error).name || 'PagerError',
      permanent: false,
    }));
  return sent.ok
    ? { at, kind: message.purpose, outcome: 'sent' }
    : { at, kind: message.purpose, outcome: 'failed', code: sent.code, permanent: sent.permanent };
}
