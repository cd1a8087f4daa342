// Per-person notification rules: which methods a page uses and how long after the page opens each channel
// is tried (pagingPlan), how the frozen recipient carries the delays (resolveRoute), and how the engine
// holds a delayed channel back until its instant, sends it then, and drops it once someone answered.
import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_DELAY_SECONDS,
  pagingAddresses,
  pagingPlan,
  unreachableReason,
  type ContactMethod,
  type NotificationRule,
} from '../../../shared/domain/contacts.js';
import type { Clinician } from '../../../shared/domain/model.js';
import { decide, wakeAt } from '../../../shared/domain/escalation/index.js';
import type {
  CrisisRequest,
  DeliveryResult,
  PageAction,
  Recipient,
  Route,
} from '../../../shared/domain/escalation/index.js';
import { onDelivery, onRedeliver, redeliverable } from '../../../shared/domain/escalation/delivery.js';
import { resolveRoute } from '../../../shared/app/requests/resolve-route.js';
import {
  clinic as rotaClinic,
  clinician as rotaClinician,
  service as rotaService,
  T0 as ROTA_T0,
} from '../requests/fakes.js';
import { bob, changed, deepFreeze, desk, level, newRequest, S, step, T0 } from './fixtures.js';

// ---- pagingPlan ----------------------------------------------------------------------------------------

const UPDATED = 1_700_000_000_000;

const method = (
  contactId: string,
  type: ContactMethod['type'],
  value: string,
  verified = true,
): ContactMethod => ({
  contactId,
  type,
  value,
  verified,
  ...(verified && { verifiedBy: 'code' as const }),
  addedAt: UPDATED,
});

const SMS = method('ct_sms', 'sms', '+447700900101');
const SMS_2 = method('ct_sms_2', 'sms', '+447700900109');
const EMAIL = method('ct_email', 'email', 'eve@example.org');
const EMAIL_PENDING = method('ct_email_pending', 'email', 'eve.pending@example.org', false);
/** Push is not a channel any deployment delivers (voice is, with a calling provider). */
const PUSH = method('ct_push', 'push', 'device-token-eve');

const person = (contacts: ContactMethod[], notificationRules?: NotificationRule[]): Clinician => ({
  clinicId: 'c1',
  clinicianId: 'eve',
  name: 'Eve Evans',
  contacts,
  ...(notificationRules && { notificationRules }),
  active: true,
  brokenContacts: [],
  updatedAt: UPDATED,
});

describe('pagingPlan', () => {
  it('without rules pages the first verified method of each type at its default delay (sms, email, push 0)', () => {
    expect(DEFAULT_DELAY_SECONDS.sms).toBe(0);
    expect(DEFAULT_DELAY_SECONDS.email).toBe(0);
    const eve = person([EMAIL_PENDING, SMS, SMS_2, EMAIL, PUSH]);
    expect(pagingPlan(eve)).toEqual([
      { contactId: 'ct_sms', channel: 'sms', to: '+447700900101', afterSeconds: 0 },
      { contactId: 'ct_email', channel: 'email', to: 'eve@example.org', afterSeconds: 0 },
      { contactId: 'ct_push', channel: 'push', to: PUSH.value, afterSeconds: 0 },
    ]);
    expect(pagingAddresses(eve)).toEqual({
      phone: '+447700900101',
      email: 'eve@example.org',
      push: PUSH.value,
    });
    expect(unreachableReason(eve)).toBeNull();
  });

  it('keeps the rules in their order with their own afterSeconds', () => {
    const eve = person(
      [SMS, EMAIL],
      [
        { contactId: 'ct_email', afterSeconds: 0 },
        { contactId: 'ct_sms', afterSeconds: 30 },
      ],
    );
    expect(pagingPlan(eve)).toEqual([
      { contactId: 'ct_email', channel: 'email', to: 'eve@example.org', afterSeconds: 0 },
      { contactId: 'ct_sms', channel: 'sms', to: '+447700900101', afterSeconds: 30 },
    ]);
  });

  it('leaves out a method the rules name that is not verified, and one not in the rules', () => {
    const eve = person(
      [SMS, EMAIL, EMAIL_PENDING],
      [
        { contactId: 'ct_email_pending', afterSeconds: 10 },
        { contactId: 'ct_sms', afterSeconds: 20 },
      ],
    );
    // ct_email is verified but not in the rules: the rules say which methods a page uses.
    expect(pagingPlan(eve)).toEqual([
      { contactId: 'ct_sms', channel: 'sms', to: '+447700900101', afterSeconds: 20 },
    ]);
    expect(pagingAddresses(eve)).toEqual({ phone: '+447700900101' });
  });

  it('uses one method per channel: the first rule for a channel wins, a second method of it is ignored', () => {
    const eve = person(
      [SMS, SMS_2, EMAIL],
      [
        { contactId: 'ct_sms_2', afterSeconds: 5 },
        { contactId: 'ct_sms', afterSeconds: 0 },
        { contactId: 'ct_email', afterSeconds: 15 },
      ],
    );
    expect(pagingPlan(eve)).toEqual([
      { contactId: 'ct_sms_2', channel: 'sms', to: '+447700900109', afterSeconds: 5 },
      { contactId: 'ct_email', channel: 'email', to: 'eve@example.org', afterSeconds: 15 },
    ]);
    expect(pagingAddresses(eve).phone).toBe('+447700900109');
  });

  it('skips a rule naming no method at all, and keeps the others in order', () => {
    const eve = person(
      [SMS, PUSH],
      [
        { contactId: 'ct_push', afterSeconds: 0 },
        { contactId: 'ct_gone', afterSeconds: 0 },
        { contactId: 'ct_sms', afterSeconds: 10 },
      ],
    );
    expect(pagingPlan(eve)).toEqual([
      { contactId: 'ct_push', channel: 'push', to: PUSH.value, afterSeconds: 0 },
      { contactId: 'ct_sms', channel: 'sms', to: '+447700900101', afterSeconds: 10 },
    ]);
  });

  it('with rules that name nothing verified: an empty plan, no addresses, unreachable as no_verified_contact', () => {
    const eve = person(
      [SMS, EMAIL, EMAIL_PENDING, PUSH],
      [{ contactId: 'ct_email_pending', afterSeconds: 0 }],
    );
    expect(pagingPlan(eve)).toEqual([]);
    expect(pagingAddresses(eve)).toEqual({});
    expect(unreachableReason(eve)).toBe('no_verified_contact');
  });
});

describe('resolveRoute: the frozen recipient carries the delays', () => {
  const rota = (ana: Clinician) => ({
    clinic: rotaClinic(),
    clinicians: [ana, rotaClinician('ben')],
    services: [rotaService()],
    overrides: [],
  });

  it('gives delays only for channels tried after 0 s, and pages the addresses of the rules', () => {
    const ana = rotaClinician('ana', {
      email: 'ana@example.org',
      notificationRules: [
        { contactId: 'ct_email', afterSeconds: 0 },
        { contactId: 'ct_sms', afterSeconds: 30 },
      ],
    });
    const { route } = resolveRoute(rota(ana), rotaService(), ROTA_T0);
    expect(route.levels[0]?.recipients).toEqual([
      {
        kind: 'clinician',
        clinicianId: 'ana',
        name: 'Ana Smith',
        phone: ana.contacts?.[0]?.value,
        email: 'ana@example.org',
        delays: { sms: 30 },
      },
    ]);
  });

  it('has no delays at all without rules', () => {
    const ana = rotaClinician('ana', { email: 'ana@example.org' });
    const recipient = resolveRoute(rota(ana), rotaService(), ROTA_T0).route.levels[0]?.recipients[0];
    expect(recipient).toBeDefined();
    expect(recipient).not.toHaveProperty('delays');
  });
});

// ---- the engine ------------------------------------------------------------------------------------------

const EVE_WHO = { clinicianId: 'c-eve', name: 'Eve Evans' };
const eve = (delays?: Partial<Record<'sms' | 'email', number>>): Recipient => ({
  kind: 'clinician',
  clinicianId: 'c-eve',
  name: 'Eve Evans',
  phone: '+15550000009',
  email: 'eve@example.org',
  ...(delays && { delays }),
});

/** Eve (60 s) then Bob (120 s), no repeat, the front desk as fallback. */
const routeFor = (first: Recipient): Route => ({
  levels: [level([first], 60), { notify: 'secondary', recipients: [bob], ackTimeoutSeconds: 120 }],
  repeat: 0,
  fallbackRepeatSeconds: 300,
  fallbackContacts: [desk],
});

const open = (first: Recipient) => {
  const decision = changed(decide(deepFreeze(newRequest(routeFor(first))), { type: 'start' }, T0));
  return { request: deepFreeze(decision.request), actions: decision.actions };
};

const pageActions = (actions: readonly { type: string }[]) =>
  actions.filter((a): a is PageAction => a.type === 'page');

const result = (
  request: CrisisRequest,
  channel: 'sms' | 'email',
  outcome: { outcome: 'sent'; messageId: string } | { outcome: 'failed'; code: string; permanent: boolean },
): DeliveryResult => ({ attempt: request.position.attempt, to: EVE_WHO, channel, retry: 0, ...outcome });

/** Opened with email delayed 30 s, and the SMS accepted by the provider at once. */
const smsSent = () => {
  const { request } = open(eve({ email: 30 }));
  const sent = changed(
    onDelivery(request, [result(request, 'sms', { outcome: 'sent', messageId: 'm-sms' })], T0),
  );
  return deepFreeze(sent.request);
};

describe('openPage with a delayed channel', () => {
  it('pages only the channels due at once, leaves the delayed one pending with notBefore, and schedules it', () => {
    const { request, actions } = open(eve({ email: 30 }));
    const pages = pageActions(actions);
    expect(pages).toEqual([
      {
        type: 'page',
        attempt: 1,
        recipient: eve({ email: 30 }),
        channels: ['sms'],
        level: 0,
        round: 0,
        retry: 0,
      },
    ]);
    expect(actions).toContainEqual({ type: 'schedule', at: T0 + 30 * S, attempt: 1 });
    expect(actions).toContainEqual({ type: 'schedule', at: T0 + 60 * S, attempt: 1 });
    expect(request.pending).toEqual([
      { attempt: 1, who: EVE_WHO, channel: 'sms', retry: 0, level: 0, round: 0, since: T0 },
      { attempt: 1, who: EVE_WHO, channel: 'email', retry: 0, level: 0, round: 0, notBefore: T0 + 30 * S },
    ]);
    expect(request.pending?.[1]).not.toHaveProperty('since');
    expect(request.awaiting).toEqual(['sms:c:c-eve', 'email:c:c-eve']);
    expect(request.paged).toEqual([EVE_WHO]);
    expect(request.nextDueAt).toBe(T0 + 60 * S);
  });

  it('is not yet redeliverable a millisecond before its instant, and is at it', () => {
    const request = smsSent();
    expect(redeliverable(request, T0 + 30 * S - 1)).toEqual([]);
    expect(decide(request, { type: 'redeliver' }, T0 + 30 * S - 1)).toEqual({
      unchanged: true,
      reason: 'nothing_to_redeliver',
    });
    expect(redeliverable(request, T0 + 30 * S)).toEqual([
      { attempt: 1, who: EVE_WHO, channel: 'email', retry: 0, level: 0, round: 0, notBefore: T0 + 30 * S },
    ]);
  });

  it('wakes the request at the delayed instant, not at the timeout', () => {
    expect(wakeAt(smsSent())).toBe(T0 + 30 * S);
  });

  it('with no answer, sends the email alone at +30 s, and records its page_sent on delivery', () => {
    const request = smsSent();
    const at = T0 + 30 * S;
    // The schedule action's timer message is not the timeout: the engine leaves it to redelivery.
    expect(decide(request, { type: 'timer', attempt: 1 }, at)).toEqual({
      unchanged: true,
      reason: 'not_due',
    });
    const redelivered = changed(onRedeliver(request, at));
    expect(pageActions(redelivered.actions)).toEqual([
      {
        type: 'page',
        attempt: 1,
        recipient: eve({ email: 30 }),
        channels: ['email'],
        level: 0,
        round: 0,
        retry: 0,
      },
    ]);
    expect(redelivered.request.pending).toEqual([
      { attempt: 1, who: EVE_WHO, channel: 'email', retry: 0, level: 0, round: 0, notBefore: at, since: at },
    ]);
    expect(redelivered.request.position).toEqual({ round: 0, level: 0, attempt: 1 });
    expect(redelivered.request.nextDueAt).toBe(T0 + 60 * S);
    // Taken: the same instant does not send it twice.
    expect(redeliverable(redelivered.request, at)).toEqual([]);

    const delivered = changed(
      onDelivery(
        deepFreeze(redelivered.request),
        [result(redelivered.request, 'email', { outcome: 'sent', messageId: 'm-email' })],
        at + 200,
      ),
    );
    expect(delivered.request.timeline.at(-1)).toEqual({
      at: at + 200,
      type: 'page_sent',
      who: EVE_WHO,
      channel: 'email',
      attempt: 1,
      level: 0,
      round: 0,
      messageId: 'm-email',
    });
    expect(delivered.request.pending).toEqual([]);
    expect(delivered.request.timeline.filter((e) => e.type === 'page_sent').map((e) => e.channel)).toEqual([
      'sms',
      'email',
    ]);
  });

  it('after an ack at +10 s, sends nothing at +30 s: nothing redeliverable, the redeliver and timer change nothing', () => {
    const acked = deepFreeze(step(smsSent(), { type: 'ack', by: EVE_WHO, attempt: 1 }, T0 + 10 * S));
    expect(acked.status).toBe('acknowledged');
    expect(acked.pending ?? []).toEqual([]);
    const at = T0 + 30 * S;
    expect(redeliverable(acked, at)).toEqual([]);
    expect(redeliverable(acked, at, true)).toEqual([]);
    expect(onRedeliver(acked, at)).toEqual({ unchanged: true, reason: 'nothing_to_redeliver' });
    expect(decide(acked, { type: 'redeliver', sendersGone: true }, at)).toEqual({
      unchanged: true,
      reason: 'nothing_to_redeliver',
    });
    expect(decide(acked, { type: 'timer', attempt: 1 }, at)).toEqual({ unchanged: true, reason: 'not_due' });
    // Nothing waits for +30 s any more: the next wake-up is the follow-up deadline.
    expect(wakeAt(acked)).toBe(acked.nextDueAt);
    expect(acked.nextDueAt).toBeGreaterThan(T0 + 60 * S);
  });

  it('an ack while the SMS is still with its sender also cancels the delayed email', () => {
    const { request } = open(eve({ email: 30 }));
    const acked = deepFreeze(step(request, { type: 'ack', by: EVE_WHO, attempt: 1 }, T0 + 2 * S));
    expect(acked.pending?.map((p) => p.channel)).toEqual(['sms']); // may still be reported by its sender
    expect(redeliverable(acked, T0 + 30 * S)).toEqual([]);
    const later = decide(acked, { type: 'redeliver', sendersGone: true }, T0 + 30 * S);
    if (!later.unchanged) expect(pageActions(later.actions)).toEqual([]);
  });

  it('a decline at +10 s moves on to the next level and the delayed email of the first page never goes', () => {
    const declined = changed(decide(smsSent(), { type: 'decline', by: EVE_WHO, attempt: 1 }, T0 + 10 * S));
    expect(declined.request.position).toEqual({ round: 0, level: 1, attempt: 2 });
    expect(pageActions(declined.actions).map((p) => p.recipient.name)).toEqual([bob.name]);
    expect(declined.request.pending?.some((p) => p.attempt === 1)).toBe(false);
    const at = T0 + 30 * S;
    const redelivered = decide(deepFreeze(declined.request), { type: 'redeliver', sendersGone: true }, at);
    const sent = redelivered.unchanged ? [] : pageActions(redelivered.actions);
    expect(sent.filter((p) => p.attempt === 1)).toEqual([]);
  });

  it('an SMS refused for good at +5 s does not move on while the delayed email is still due; the email goes at +30 s', () => {
    const { request } = open(eve({ email: 30 }));
    const failed = changed(
      onDelivery(
        request,
        [result(request, 'sms', { outcome: 'failed', code: 'OptedOut', permanent: true })],
        T0 + 5 * S,
      ),
    );
    const after = deepFreeze(failed.request);
    expect(after.status).toBe('paging');
    expect(after.position).toEqual({ round: 0, level: 0, attempt: 1 });
    expect(after.awaiting).toEqual(['email:c:c-eve']);
    expect(after.brokenContacts).toEqual([{ clinicianId: 'c-eve', channel: 'sms' }]);
    expect(after.timeline.map((e) => e.type)).not.toContain('escalated');
    expect(pageActions(failed.actions)).toEqual([]);
    expect(failed.actions).toContainEqual({
      type: 'mark_contact_broken',
      clinicianId: 'c-eve',
      channel: 'sms',
    });
    expect(after.nextDueAt).toBe(T0 + 60 * S);
    expect(wakeAt(after)).toBe(T0 + 30 * S);

    const at = T0 + 30 * S;
    const redelivered = changed(onRedeliver(after, at));
    expect(pageActions(redelivered.actions)).toEqual([
      {
        type: 'page',
        attempt: 1,
        recipient: eve({ email: 30 }),
        channels: ['email'],
        level: 0,
        round: 0,
        retry: 0,
      },
    ]);
    expect(redelivered.request.position.level).toBe(0);
  });

  it('the delayed email refused for good too: then, and only then, it moves on', () => {
    const { request } = open(eve({ email: 30 }));
    const smsFailed = deepFreeze(
      changed(
        onDelivery(
          request,
          [result(request, 'sms', { outcome: 'failed', code: 'OptedOut', permanent: true })],
          T0 + 5 * S,
        ),
      ).request,
    );
    const taken = deepFreeze(changed(onRedeliver(smsFailed, T0 + 30 * S)).request);
    const emailFailed = changed(
      onDelivery(
        taken,
        [result(taken, 'email', { outcome: 'failed', code: 'InvalidAddress', permanent: true })],
        T0 + 31 * S,
      ),
    );
    expect(emailFailed.request.position).toEqual({ round: 0, level: 1, attempt: 2 });
    expect(emailFailed.request.timeline.find((e) => e.type === 'escalated')?.reason).toBe(
      'send_failed:InvalidAddress',
    );
  });

  it('a recipient whose every channel is delayed gets no page action at open, but both channels pending', () => {
    const { request, actions } = open(eve({ sms: 10, email: 30 }));
    expect(pageActions(actions)).toEqual([]);
    expect(request.pending).toEqual([
      { attempt: 1, who: EVE_WHO, channel: 'sms', retry: 0, level: 0, round: 0, notBefore: T0 + 10 * S },
      { attempt: 1, who: EVE_WHO, channel: 'email', retry: 0, level: 0, round: 0, notBefore: T0 + 30 * S },
    ]);
    expect(request.awaiting).toEqual(['sms:c:c-eve', 'email:c:c-eve']);
    expect(actions.filter((a) => a.type === 'schedule')).toEqual([
      { type: 'schedule', at: T0 + 10 * S, attempt: 1 },
      { type: 'schedule', at: T0 + 30 * S, attempt: 1 },
      { type: 'schedule', at: T0 + 60 * S, attempt: 1 },
    ]);
    // The earliest delayed channel is when the request next needs attention.
    expect(wakeAt(request)).toBe(T0 + 10 * S);

    const first = changed(onRedeliver(request, T0 + 10 * S));
    expect(pageActions(first.actions).map((p) => p.channels)).toEqual([['sms']]);
    const sent = deepFreeze(
      changed(
        onDelivery(
          first.request,
          [result(first.request, 'sms', { outcome: 'sent', messageId: 'm-sms' })],
          T0 + 10 * S,
        ),
      ).request,
    );
    expect(wakeAt(sent)).toBe(T0 + 30 * S);
    expect(pageActions(changed(onRedeliver(sent, T0 + 30 * S)).actions).map((p) => p.channels)).toEqual([
      ['email'],
    ]);
  });

  it('a delay of 0 is the same as no delay', () => {
    const { request, actions } = open(eve({ sms: 0, email: 0 }));
    expect(pageActions(actions).map((p) => p.channels)).toEqual([['sms', 'email']]);
    expect(request.pending?.every((p) => p.since === T0 && p.notBefore === undefined)).toBe(true);
    expect(actions.filter((a) => a.type === 'schedule')).toEqual([
      { type: 'schedule', at: T0 + 60 * S, attempt: 1 },
    ]);
  });

  it('a delay no shorter than the level timeout never sends: the timeout moves on first', () => {
    const { request } = open(eve({ email: 60 }));
    const sent = deepFreeze(
      changed(onDelivery(request, [result(request, 'sms', { outcome: 'sent', messageId: 'm' })], T0)).request,
    );
    const timedOut = changed(decide(sent, { type: 'timer', attempt: 1 }, T0 + 60 * S));
    expect(timedOut.request.position.attempt).toBe(2);
    expect(pageActions(timedOut.actions).filter((p) => p.attempt === 1)).toEqual([]);
    expect(timedOut.request.pending?.some((p) => p.attempt === 1)).toBe(false);
  });
});
