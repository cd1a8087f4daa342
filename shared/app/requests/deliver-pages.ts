import {
  samePage,
  stillMatters,
  type DeliveryResult,
  type PageAction,
} from '../../domain/escalation/index.js';
import { whoOf } from '../../domain/escalation/recipients.js';
import type { ContactChannel } from '../../domain/model.js';
import { audienceOf } from '../../domain/contacts.js';
import {
  emailPage,
  noticeText,
  pushPage,
  smsPageText,
  voicePageScript,
  type PageContent,
} from '../../domain/paging/page-text.js';
import type { OutgoingPage, SendResult } from '../../ports/pager.js';
import { failureClassOf } from '../../ports/signals.js';
import { hashSecret, randomToken } from '../secrets.js';
import { newSmsCode } from './identifiers.js';
import { issueCaseLink } from './issue-case-link.js';
import type { RequestDeps } from './request-deps.js';
import { retryWrite } from './retry-write.js';
import type { StoredRequest } from '../../ports/stored-request.js';

const CODE_TRIES = 8;
/** A reply code stays valid this long; the request's own state decides whether a reply still counts. */
const CODE_LIFETIME_MS = 7 * 86_400_000;

/** What a message carries so it can be acted on: a page's link and reply code, a reminder's case link. */
type Credentials =
  { kind: 'page'; token: string; tokenHash: string; code: string } | { kind: 'notice'; caseUrl?: string };

async function reserveCode(deps: RequestDeps, stored: StoredRequest, page: PageAction, now: number) {
  const { clinicId, requestId } = stored.request;
  const { phone } = page.recipient;
  // Reply codes are looked up by the number the reply comes from: without a number there is nothing to reply.
  if (phone === undefined) return '';
  for (let i = 0; i < CODE_TRIES; i++) {
    const code = newSmsCode();
    const record = {
      clinicId,
      requestId,
      attempt: page.attempt,
      who: whoOf(page.recipient),
      createdAt: now,
      phone,
      code,
      expiresAt: now + CODE_LIFETIME_MS,
    };
    if (await deps.requests.reserveSmsCode(record, now)) return code;
  }
  throw Object.assign(new Error('no free reply code for this phone'), { name: 'NoFreeReplyCode' });
}

/**
 * The page's link token and reply code, stored before it leaves: a page whose link fails is worse than a late
 * one. A reminder gets a fresh case link instead; other notices ask for nothing.
 */
async function storeCredentials(
  deps: RequestDeps,
  stored: StoredRequest,
  page: PageAction,
  now: number,
): Promise<Credentials> {
  if (page.notice === 'contact_reminder' || page.notice === 'resolve_reminder')
    return { kind: 'notice', caseUrl: await issueCaseLink(deps, stored, whoOf(page.recipient)) };
  if (page.notice !== undefined) return { kind: 'notice' };
  const token = randomToken(16);
  const tokenHash = hashSecret(token);
  const { clinicId, requestId } = stored.request;
  const [code] = await Promise.all([
    retryWrite(() => reserveCode(deps, stored, page, now)),
    retryWrite(() =>
      deps.requests.putAckToken({
        clinicId,
        requestId,
        attempt: page.attempt,
        who: whoOf(page.recipient),
        createdAt: now,
        tokenHash,
      }),
    ),
  ]);
  return { kind: 'page', token, tokenHash, code };
}

type Verdict = 'send' | 'skip' | 'withhold';

/**
 * A last look before the publish: an ack or a hand-on recorded since this step was written makes the page
 * moot (withheld), and a page another sender took over or already settled is theirs (skipped).
 */
function verdictFor(
  ours: StoredRequest,
  latest: StoredRequest | null,
  page: PageAction,
  channel: ContactChannel,
): Verdict {
  const key = {
    attempt: page.attempt,
    to: whoOf(page.recipient),
    channel,
    retry: page.retry,
    ...(page.notice && { notice: page.notice }),
  };
  const mine = ours.request.pending?.find((p) => samePage(p, key));
  const current = latest?.request.pending?.find((p) => samePage(p, key));
  if (!latest || !current || current.since !== mine?.since) return 'skip';
  return stillMatters(latest.request, current) ? 'send' : 'withhold';
}

/** Where a channel's message goes for this recipient. */
function addressOf(recipient: PageAction['recipient'], channel: ContactChannel): string {
  if (channel === 'sms') return recipient.phone ?? '';
  return { email: recipient.email, voice: recipient.voice, push: recipient.push }[channel] ?? '';
}

/** Whose email subscriptions a page is for; none for a fallback contact from before fallback ids. */
function audienceFor(clinicId: string, recipient: PageAction['recipient']): string | undefined {
  if (recipient.kind === 'clinician') return audienceOf(clinicId, { clinicianId: recipient.clinicianId });
  return recipient.fallbackId !== undefined
    ? audienceOf(clinicId, { fallbackId: recipient.fallbackId })
    : undefined;
}

/** The message itself: a page (link and reply code) or a notice, by SMS or email, never with patient detail. */
function messageFor(
  deps: RequestDeps,
  stored: StoredRequest,
  page: PageAction,
  channel: ContactChannel,
  creds: Credentials,
): OutgoingPage {
  const { recipient } = page;
  const to = addressOf(recipient, channel);
  const audience = channel === 'email' ? audienceFor(stored.request.clinicId, recipient) : undefined;
  const base = {
    channel,
    to,
    ...(recipient.kind === 'clinician' ? { clinicianId: recipient.clinicianId } : {}),
    ...(audience !== undefined && { audience }),
  };
  if (creds.kind === 'notice') {
    const { request } = stored;
    const acceptedAt = request.followUp?.acceptedAt ?? request.createdAt;
    const notice = noticeText({
      kind: page.notice ?? 'passed_on',
      reference: stored.reference,
      serviceName: stored.serviceName,
      clinicName: stored.clinicName,
      serviceId: stored.request.routedServiceId,
      clinicId: stored.request.clinicId,
      ...(creds.caseUrl && { caseUrl: creds.caseUrl }),
      ...(request.assignee && { acceptorName: request.assignee.name }),
      openMinutes: (deps.clock() - acceptedAt) / 60_000,
    });
    return {
      ...base,
      text: channel === 'email' ? notice.body : notice.sms,
      ...(channel === 'email' || channel === 'push' ? { subject: notice.subject } : {}),
      ackUrl: '',
      code: '',
      ...(creds.caseUrl && { caseUrl: creds.caseUrl }),
    };
  }
  const content: PageContent = {
    urgency: stored.request.urgency,
    reference: stored.reference,
    serviceName: stored.serviceName,
    clinicName: stored.clinicName,
    serviceId: stored.request.routedServiceId,
    clinicId: stored.request.clinicId,
    code: creds.code,
    ackUrl: `${deps.publicBaseUrl}/ack/${creds.token}`,
  };
  const email = channel === 'email' ? emailPage(content) : undefined;
  if (channel === 'voice') {
    const script = voicePageScript(content);
    // The call carries the page's reference so a keypress (or the call's end) answers exactly this page.
    return {
      ...base,
      text: script.say,
      voicePrompt: { keys: script.prompt, withoutKeys: script.withoutKeys },
      ackUrl: content.ackUrl,
      code: creds.code,
      pageRef: creds.tokenHash,
    };
  }
  if (channel === 'push') {
    // A notification: the title and one line; tapping it opens the ack page. The same facts as the SMS.
    const { subject, body } = pushPage(content);
    return { ...base, text: body, subject, ackUrl: content.ackUrl, code: creds.code };
  }
  return {
    ...base,
    text: email ? email.body : smsPageText(content),
    ...(email ? { subject: email.subject } : {}),
    ackUrl: content.ackUrl,
    code: creds.code,
  };
}

function publish(
  deps: RequestDeps,
  stored: StoredRequest,
  page: PageAction,
  channel: ContactChannel,
  creds: Credentials,
) {
  return (
    Promise.resolve()
      .then(() => deps.pager.send(messageFor(deps, stored, page, channel, creds)))
      // A pager that throws (a bug, a text that cannot fit) is a failed send, never a lost one.
      .catch((error: unknown): SendResult => ({
        ok: false,
        code: (error as Error).name || 'PagerError',
        permanent: false,
      }))
  );
}

/**
 * The one place pages leave. For a round of pending pages: credentials (one parallel round), a last look at
 * the request when someone else may have answered meanwhile, the publishes, and every page's outcome as a
 * DeliveryResult for the caller to record in one write (with the state last read, so that write needs no
 * read of its own). Nothing here writes the request: a process that dies
 * anywhere in between leaves the pages pending, and pending pages are sent again (at least once, never none).
 */
export async function deliverPages(
  deps: RequestDeps,
  stored: StoredRequest,
  pages: readonly PageAction[],
  options: { recheck: boolean },
): Promise<{ results: DeliveryResult[]; latest: StoredRequest | null }> {
  const now = deps.clock();
  const results: DeliveryResult[] = [];
  const resultOf = (page: PageAction, channel: ContactChannel) => ({
    attempt: page.attempt,
    to: whoOf(page.recipient),
    channel,
    retry: page.retry,
    ...(page.notice && { notice: page.notice }),
  });
  const credentials = await Promise.all(
    pages.map((page) =>
      storeCredentials(deps, stored, page, now).catch((error: unknown) => {
        for (const channel of page.channels)
          results.push({
            ...resultOf(page, channel),
            outcome: 'failed',
            code: (error as Error).name || 'CredentialStoreFailed',
            permanent: false,
          });
        return null;
      }),
    ),
  );
  const latest = options.recheck
    ? await deps.requests.get(stored.request.clinicId, stored.request.requestId)
    : stored;

  await Promise.all(
    pages.flatMap((page, i) =>
      page.channels.map(async (channel) => {
        const creds = credentials[i];
        if (!creds) return;
        const verdict = verdictFor(stored, latest, page, channel);
        if (verdict === 'skip') return;
        if (verdict === 'withhold') {
          results.push({ ...resultOf(page, channel), outcome: 'withheld', reason: 'answered_before_send' });
          return;
        }
        const handedAt = deps.clock();
        const sent = await publish(deps, stored, page, channel, creds);
        deps.signals.delivery({
          channel,
          outcome: sent.ok ? 'sent' : 'failed',
          ...(!sent.ok && { failure: failureClassOf(sent) }),
          latencyMs: deps.clock() - handedAt,
        });
        if (sent.ok) {
          deps.signals.count('PagesSent');
          results.push({ ...resultOf(page, channel), outcome: 'sent', messageId: sent.messageId });
        } else {
          if (sent.accountLevel) deps.signals.alert(`provider_account_error:${sent.code}`);
          results.push({
            ...resultOf(page, channel),
            outcome: 'failed',
            code: sent.code,
            permanent: sent.permanent,
          });
        }
      }),
    ),
  );
  const failures = results.filter((r) => r.outcome === 'failed').length;
  if (failures > 0) deps.signals.count('PageFailures', failures);
  return { results, latest };
}
