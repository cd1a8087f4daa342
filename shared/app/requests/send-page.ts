import type { PageAction, RequestEvent } from '../../domain/escalation/index.js';
import { channelKey, findRecipient, whoOf } from '../../domain/escalation/recipients.js';
import type { Who } from '../../domain/escalation/index.js';
import type { ContactChannel } from '../../domain/model.js';
import { emailPage, smsPageText, type PageContent } from '../../domain/paging/page-text.js';
import { hashSecret, randomToken } from '../secrets.js';
import { newSmsCode } from './identifiers.js';
import type { RequestDeps } from './request-deps.js';
import type { StoredRequest } from './stored-request.js';

const CODE_TRIES = 8;
const CREDENTIAL_TRIES = 3;

async function retryWrite<T>(write: () => Promise<T>, tries: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await write();
    } catch (error) {
      if (i >= tries) throw error;
    }
  }
}

/** At most one publish per page: request, attempt, channel and person, and which re-attempt (0 = first). */
export const pageClaim = (
  stored: StoredRequest,
  attempt: number,
  channel: ContactChannel,
  who: Who,
  retry: number,
) => `${stored.request.clinicId}#${stored.request.requestId}#${attempt}#${channelKey(channel, who)}#${retry}`;

/**
 * Sends the current attempt's pages that were decided (on the timeline) but never claimed by a sender: its
 * process died between the step's write and the publish. A sender still in flight loses nothing: whichever
 * claims first publishes, the other only leaves an unused link token and reply code behind.
 */
export async function dispatchUnsent(deps: RequestDeps, stored: StoredRequest): Promise<RequestEvent[]> {
  const { request } = stored;
  const attempt = request.position.attempt;
  const events: RequestEvent[] = [];
  for (const e of request.timeline) {
    if (e.type !== 'page_sent' || e.attempt !== attempt || (e.retry ?? 0) !== 0 || !e.who || !e.channel)
      continue;
    const key = channelKey(e.channel, e.who);
    if (!request.awaiting.includes(key)) continue;
    const who = e.who;
    const settled = request.timeline.some(
      (f) =>
        f.type === 'page_failed' &&
        f.attempt === attempt &&
        f.channel !== undefined &&
        f.who !== undefined &&
        channelKey(f.channel, f.who) === key,
    );
    if (settled) continue; // its failure is recorded: resends own it
    const recipient = findRecipient(request.route, e.who);
    if (!recipient) continue;
    // Most replays come after a page that left: one read instead of new credentials that would go unused.
    if (await deps.requests.isClaimed(pageClaim(stored, attempt, e.channel, who, 0))) continue;
    const action: PageAction = {
      type: 'page',
      attempt,
      recipient,
      channels: [e.channel],
      level: e.level ?? null,
      round: e.round ?? null,
      retry: 0,
    };
    events.push(...(await sendPage(deps, stored, action)));
  }
  return events;
}
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
  const { clinicId, requestId } = stored.request;
  // Our own store throttling is not the recipient's failure: try these writes again before giving up.
  const store = <T>(write: () => Promise<T>) => retryWrite(write, CREDENTIAL_TRIES);
  // A first page is claimed before it leaves, so a redelivered timer or a replayed submit can tell a page
  // that never left (its process died after the step was written) from one that did. Resends are claimed by
  // their timer message. A claim we cannot write must not stop the page: a possible second page beats a lost one.
  const claim = (channel: ContactChannel) =>
    action.retry !== 0
      ? Promise.resolve(true)
      : store(() => deps.requests.claimOnce(pageClaim(stored, action.attempt, channel, who, 0), now)).catch(
          () => true,
        );
  let code: string;
  let claimed: boolean[];
  try {
    // One round trip: the link token, the reply code and the claims are independent writes.
    [code, , claimed] = await Promise.all([
      store(() => reserveCode(deps, stored, action, now)),
      store(() =>
        deps.requests.putAckToken({
          clinicId,
          requestId,
          attempt: action.attempt,
          who,
          createdAt: now,
          tokenHash: hashSecret(token),
        }),
      ),
      Promise.all(action.channels.map(claim)),
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
    action.channels.map(async (channel, i) => {
      if (!claimed[i]) return; // another process sent this page
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
