import type { PageAction, RequestEvent } from '../../domain/escalation/index.js';
import { whoOf } from '../../domain/escalation/recipients.js';
import { emailPage, smsPageText, type PageContent } from '../../domain/paging/page-text.js';
import { hashSecret, randomToken } from '../secrets.js';
import { newSmsCode } from './identifiers.js';
import type { RequestDeps } from './request-deps.js';
import type { StoredRequest } from './stored-request.js';

const CODE_TRIES = 8;
/** A reply code stays valid this long; the request's own state decides whether a reply still counts. */
const CODE_LIFETIME_MS = 7 * 86_400_000;

async function reserveCode(deps: RequestDeps, stored: StoredRequest, action: PageAction, now: number) {
  const { clinicId, requestId } = stored.request;
  for (let i = 0; i < CODE_TRIES; i++) {
    const code = newSmsCode();
    const record = {
      clinicId,
      requestId,
      attempt: action.attempt,
      who: whoOf(action.recipient),
      createdAt: now,
      phone: action.recipient.phone,
      code,
      expiresAt: now + CODE_LIFETIME_MS,
    };
    if (await deps.requests.reserveSmsCode(record, now)) return code;
  }
  throw Object.assign(new Error('no free reply code for this phone'), { name: 'NoFreeReplyCode' });
}

/**
 * One page to one recipient: store its link token and reply code first (a page whose link does not work
 * is worse than a late page), then publish on each channel. Failures come back as engine events.
 */
export async function sendPage(
  deps: RequestDeps,
  stored: StoredRequest,
  action: PageAction,
): Promise<RequestEvent[]> {
  const now = deps.clock();
  const who = whoOf(action.recipient);
  const failed = (
    channel: PageAction['channels'][number],
    code: string,
    permanent: boolean,
  ): RequestEvent => ({
    type: 'send_failed',
    attempt: action.attempt,
    to: who,
    channel,
    code,
    permanent,
    retry: action.retry,
  });

  const token = randomToken(16);
  let code: string;
  try {
    const { clinicId, requestId } = stored.request;
    [code] = await Promise.all([
      reserveCode(deps, stored, action, now),
      deps.requests.putAckToken({
        clinicId,
        requestId,
        attempt: action.attempt,
        who,
        createdAt: now,
        tokenHash: hashSecret(token),
      }),
    ]);
  } catch (error) {
    deps.signals.count('PageFailures', action.channels.length);
    return action.channels.map((channel) =>
      failed(channel, (error as Error).name || 'CredentialStoreFailed', false),
    );
  }

  const content: PageContent = {
    urgency: stored.request.urgency,
    reference: stored.reference,
    serviceName: stored.serviceName,
    clinicName: stored.clinicName,
    code,
    ackUrl: `${deps.publicBaseUrl}/ack/${token}`,
  };
  const events: RequestEvent[] = [];
  await Promise.all(
    action.channels.map(async (channel) => {
      const recipient = action.recipient;
      const email = channel === 'email' ? emailPage(content) : undefined;
      const result = await deps.pager
        .send({
          channel,
          to:
            channel === 'email' && recipient.kind === 'clinician' ? (recipient.email ?? '') : recipient.phone,
          ...(recipient.kind === 'clinician' ? { clinicianId: recipient.clinicianId } : {}),
          text: email ? email.body : smsPageText(content),
          ...(email ? { subject: email.subject } : {}),
          ackUrl: content.ackUrl,
          code,
        })
        // A pager that throws (a bug, a text that cannot fit) is a failed send, never a lost one.
        .catch((error: unknown) => ({
          ok: false as const,
          code: (error as Error).name || 'PagerError',
          permanent: false,
        }));
      if (result.ok) deps.signals.count('PagesSent');
      else {
        deps.signals.count('PageFailures');
        events.push(failed(channel, result.code, result.permanent));
      }
    }),
  );
  return events;
}
