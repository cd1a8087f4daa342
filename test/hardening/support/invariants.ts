// What every fault scenario must end with, whatever was injected: a final state that is either acknowledged
// or unanswered-and-still-paging, a complete timeline, and nobody paged twice with the same page.
import { expect } from '@jest/globals';
import { SWEEP_GRACE_MS } from '../../../shared/app/requests/sweep-due.js';
import { whoKey } from '../../../shared/domain/escalation/recipients.js';
import type { TimelineEntry, Who } from '../../../shared/domain/escalation/index.js';
import type { StoredRequest } from '../../../shared/ports/stored-request.js';
import { CLINIC_ID } from '../../unit/requests/fakes.js';
import { identify, type Publish, type World } from './aws-world.js';

export interface IdentifiedPublish extends Publish {
  requestId: string;
  attempt: number;
  who: Who;
}

/** Every page (publish with an ack link) of one request, with its attempt and recipient from the token. */
export async function pagesOf(world: World, requestId: string): Promise<IdentifiedPublish[]> {
  const out: IdentifiedPublish[] = [];
  for (const p of world.publishes) {
    const record = await identify(world, p);
    if (record && record.requestId === requestId)
      out.push({ ...p, requestId, attempt: record.attempt, who: record.who });
  }
  return out;
}

const pageKey = (p: { attempt: number; channel: string; who: Who }) =>
  `attempt ${p.attempt} ${p.channel} to ${whoKey(p.who)}`;

export async function load(world: World, requestId: string): Promise<StoredRequest> {
  const stored = await world.requests.get(CLINIC_ID, requestId);
  if (!stored) throw new Error(`request ${requestId} is lost: not in the table`);
  return stored;
}

/**
 * No clinician got the same page twice: per (attempt, channel, person) at most one publish SNS accepted, and
 * no try after it (failed tries before it are resends, and allowed).
 */
export async function expectNoDuplicatePages(world: World, requestId: string): Promise<void> {
  const groups = new Map<string, IdentifiedPublish[]>();
  for (const p of await pagesOf(world, requestId)) {
    const key = pageKey(p);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const problems: string[] = [];
  for (const [key, list] of groups) {
    const delivered = list.filter((p) => p.ok);
    if (delivered.length > 1) problems.push(`${key}: delivered ${delivered.length} times`);
    const firstOk = list.findIndex((p) => p.ok);
    if (firstOk >= 0 && firstOk < list.length - 1) problems.push(`${key}: sent again after it was delivered`);
  }
  expect(problems).toEqual([]);
}

const sameWho = (e: TimelineEntry, who: Who) => e.who !== undefined && whoKey(e.who) === whoKey(who);

/**
 * The timeline is the record of every page (SNS keeps none): a page_sent entry for each page SNS accepted
 * and for no other, each failed publish its page_failed entry (unless `lenientFailures`: a write fault may lose that one event),
 * every attempt up to the current one appears, one acknowledgement at most and no page after it.
 */
export async function expectTimelineComplete(
  world: World,
  requestId: string,
  options: { lenientFailures?: boolean; monotonic?: boolean } = {},
): Promise<void> {
  const { request } = await load(world, requestId);
  const { timeline } = request;
  const problems: string[] = [];
  if (timeline[0]?.type !== 'submitted') problems.push('the timeline does not start with "submitted"');

  const pages = await pagesOf(world, requestId);
  const byKey = new Map<string, IdentifiedPublish[]>();
  for (const p of pages) byKey.set(pageKey(p), [...(byKey.get(pageKey(p)) ?? []), p]);
  for (const [key, list] of byKey) {
    const [first] = list;
    if (!first) continue;
    const match = (type: string) =>
      timeline.filter(
        (e) =>
          e.type === type &&
          e.attempt === first.attempt &&
          e.channel === first.channel &&
          sameWho(e, first.who),
      );
    // A page_sent entry only for a page SNS accepted, and every accepted page on the record (a crash between
    // the publish and its record may cost a second publish of the same page, recorded once).
    const accepted = list.filter((p) => p.ok).length;
    const sentEntries = match('page_sent').length;
    if (sentEntries > accepted)
      problems.push(`${key}: ${sentEntries} page_sent entries but ${accepted} publishes SNS accepted`);
    if (accepted > 0 && sentEntries === 0 && !options.lenientFailures)
      problems.push(`${key}: ${accepted} publishes SNS accepted but no page_sent entry`);
    const failedPublishes = list.filter((p) => !p.ok);
    const failedEntries = match('page_failed').filter((e) => e.reason?.startsWith('send_failed:'));
    if (!options.lenientFailures && failedEntries.length < failedPublishes.length)
      problems.push(
        `${key}: ${failedPublishes.length} failed publishes but ${failedEntries.length} page_failed`,
      );
    for (const p of failedPublishes) {
      const code = (p.error ?? '').replace(/Exception$/, '');
      if (!options.lenientFailures && !failedEntries.some((e) => e.reason === `send_failed:${code}`))
        problems.push(`${key}: failure ${code} is not on the timeline`);
    }
  }

  const attempts = new Set(timeline.flatMap((e) => (e.attempt !== undefined ? [e.attempt] : [])));
  for (let a = 1; a <= request.position.attempt; a++)
    if (!attempts.has(a)) problems.push(`attempt ${a} has no timeline entry`);

  const acks = timeline.filter((e) => e.type === 'acknowledged');
  if (acks.length > 1) problems.push(`${acks.length} acknowledged entries`);
  const ackAt = timeline.findIndex((e) => e.type === 'acknowledged');
  if (ackAt >= 0 && timeline.slice(ackAt).some((e) => e.type === 'page_sent'))
    problems.push('a page was recorded after the acknowledgement');
  if (request.status === 'acknowledged' && acks.length !== 1) problems.push('acknowledged without its entry');
  if (request.status === 'unanswered' && !timeline.some((e) => e.type === 'unanswered'))
    problems.push('unanswered without its entry');
  if (options.monotonic !== false)
    timeline.forEach((e, i) => {
      const before = timeline[i - 1];
      if (before && e.at < before.at)
        problems.push(`entry ${i} (${e.type}) is earlier than the one before it`);
    });
  expect(problems).toEqual([]);
}

/**
 * Every page the timeline says was sent (retry 0) really went to SNS, or its failure is recorded:
 * a page is never lost between the decision and the publish.
 */
export async function expectNoLostPage(world: World, requestId: string): Promise<void> {
  const { request } = await load(world, requestId);
  const pages = await pagesOf(world, requestId);
  const lost = request.timeline
    .filter((e) => e.type === 'page_sent' && (e.retry ?? 0) === 0 && e.who !== undefined)
    .filter((e) => {
      const who = e.who as Who;
      const published = pages.some(
        (p) => p.attempt === e.attempt && p.channel === e.channel && whoKey(p.who) === whoKey(who),
      );
      const failed = request.timeline.some(
        (f) =>
          f.type === 'page_failed' && f.attempt === e.attempt && f.channel === e.channel && sameWho(f, who),
      );
      return !published && !failed;
    })
    .map((e) => `attempt ${e.attempt} ${e.channel} to ${e.who?.name}`);
  expect(lost).toEqual([]);
}

export type FinalState = 'acknowledged' | 'unanswered-and-still-paging';

/**
 * The request ends acknowledged (its call-back deadline due and in the sweeper's index: when it passes the
 * acceptor alone is reminded, nobody else is paged), or unanswered with its next fallback page due, in the
 * index, and actually sent when that time comes.
 */
export async function expectFinalState(world: World, requestId: string): Promise<FinalState> {
  const { request } = await load(world, requestId);
  if (request.status === 'acknowledged') {
    expect(request.assignee).not.toBeNull();
    expect(request.nextDueAt).not.toBeNull();
    const deadline = request.nextDueAt as number;
    const due = await world.requests.listDue(deadline, 1000);
    expect(due.map((d) => d.requestId)).toContain(requestId);
    // Past the deadline (timers or the sweeper): a reminder to the acceptor, and no page to anyone.
    const before = (await pagesOf(world, requestId)).length;
    const published = world.publishes.length;
    await world.runUntil(deadline + SWEEP_GRACE_MS + 61_000);
    expect((await pagesOf(world, requestId)).length).toBe(before);
    const reminders = world.publishes
      .slice(published)
      .filter((p) => p.ok && p.text.startsWith('Reminder: you accepted'));
    expect(reminders.length).toBeGreaterThan(0);
    const after = await load(world, requestId);
    expect(after.request.timeline.some((e) => e.type === 'contact_overdue')).toBe(true);
    return 'acknowledged';
  }
  expect(request.status).toBe('unanswered');
  expect(request.nextDueAt).not.toBeNull();
  const due = await world.requests.listDue(request.nextDueAt as number, 1000);
  expect(due.map((d) => d.requestId)).toContain(requestId);
  const attempt = request.position.attempt;
  await world.runUntil((request.nextDueAt as number) + SWEEP_GRACE_MS + 61_000);
  const later = (await pagesOf(world, requestId)).filter((p) => p.attempt > attempt);
  expect(later.length).toBeGreaterThan(0);
  expect(
    later.every((p) => p.who.clinicianId === undefined || request.route.fallbackContacts.length === 0),
  ).toBe(true);
  return 'unanswered-and-still-paging';
}

/** The page a phone got last for this request (delivered), to answer it with its code. */
export async function lastDeliveredTo(
  world: World,
  requestId: string,
  phone: string,
): Promise<IdentifiedPublish> {
  const page = (await pagesOf(world, requestId))
    .filter((p) => p.ok && p.to === phone && p.channel === 'sms')
    .at(-1);
  if (!page) throw new Error(`no page delivered to ${phone} for ${requestId}`);
  return page;
}
