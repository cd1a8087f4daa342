import type { Agent } from 'node:https';
import webpush, { WebPushError } from 'web-push';
import type { OutgoingPage, Pager, SendResult } from '../../ports/pager.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** Who runs this push sender, for the push service to contact: a mailto: or https: URL. */
  subject: string;
}

/** What a push subscription is, as the browser's PushSubscription.toJSON() gives it. */
interface Subscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** A page outlives its level's wait, never a day: a stale page on a phone that wakes up later helps nobody. */
const TTL_SECONDS = 3600;

/**
 * Web Push (RFC 8030) with VAPID: the notification carries the page's title, its one line and the link to
 * open, never patient detail; the browser's service worker shows it and opens the link when tapped. A
 * subscription the push service no longer knows (404, 410) is a permanent failure: the method is marked
 * broken. 429 and 5xx are passing; 400, 401, 403 and 413 are about our request or keys, never the person.
 */
export class WebPushPager implements Pager {
  constructor(
    private readonly vapid: VapidKeys,
    /** Tests: an agent that trusts the fake push service's certificate. */
    private readonly agent?: Agent,
  ) {}

  async send(page: OutgoingPage): Promise<SendResult> {
    if (page.channel !== 'push')
      return { ok: false, code: 'NotAPushPage', permanent: false, accountLevel: true };
    let subscription: Subscription;
    try {
      subscription = JSON.parse(page.to) as Subscription;
    } catch {
      return { ok: false, code: 'InvalidSubscription', permanent: true };
    }
    const payload = JSON.stringify({
      title: page.subject ?? 'crisis-router',
      body: page.text,
      url: page.ackUrl || page.caseUrl || '',
      tag: page.code || page.purpose || 'crisis-router',
    });
    try {
      const answer = await webpush.sendNotification(subscription, payload, {
        vapidDetails: this.vapid,
        TTL: TTL_SECONDS,
        urgency: 'high',
        timeout: 10_000,
        ...(this.agent && { agent: this.agent }),
      });
      return { ok: true, messageId: answer.headers.location ?? `push-${answer.statusCode}` };
    } catch (error) {
      return classifyPushError(error);
    }
  }
}

export function classifyPushError(error: unknown): SendResult & { ok: false } {
  if (!(error instanceof WebPushError)) return { ok: false, code: 'PushNetworkError', permanent: false };
  const status = error.statusCode;
  if (status === 404 || status === 410) return { ok: false, code: 'SubscriptionGone', permanent: true };
  if (status === 429) return { ok: false, code: 'PushThrottled', permanent: false };
  if (status >= 500) return { ok: false, code: `PushService${status}`, permanent: false };
  return { ok: false, code: `PushRefused${status}`, permanent: false, accountLevel: true };
}

export const generateVapidKeys = (): { publicKey: string; privateKey: string } => webpush.generateVAPIDKeys();
