import { audienceOf, type ContactOwner, type PlannedChannel } from '../../domain/contacts.js';
import { fallbackIdOf, fallbackPlan } from '../../domain/fallback-contacts.js';
import type { Clinic } from '../../domain/model.js';
import type { OutgoingPage, SendResult } from '../../ports/pager.js';
import type { RotaCheckDeps } from './rota-check-deps.js';

/**
 * A rota message (gap alert, shift notice, cover request) to one person by each channel of their plan but
 * voice (a rota message never rings a phone), all at once: how many left and how many were refused. `link`
 * is what a push notification opens (and the local outbox shows).
 */
export async function sendRotaMessage(
  deps: Pick<RotaCheckDeps, 'pager' | 'clock' | 'signals'>,
  clinicId: string,
  owner: ContactOwner,
  plan: readonly PlannedChannel[],
  text: { sms: string; subject: string; body: string },
  purpose: NonNullable<OutgoingPage['purpose']>,
  link = '',
): Promise<{ sent: number; failed: number }> {
  const tally = { sent: 0, failed: 0 };
  await Promise.all(
    plan
      .filter((p) => p.channel !== 'voice')
      .map(async (planned) => {
        const started = deps.clock();
        const result: SendResult = await deps.pager
          .send({
            channel: planned.channel,
            purpose,
            to: planned.to,
            ...('clinicianId' in owner && { clinicianId: owner.clinicianId }),
            ...(planned.channel === 'email' && { audience: audienceOf(clinicId, owner) }),
            text: planned.channel === 'email' ? text.body : text.sms,
            ...(planned.channel !== 'sms' && { subject: text.subject }),
            ackUrl: link,
            code: '',
          })
          .catch((error: unknown) => ({
            ok: false,
            code: (error as Error).name || 'PagerError',
            permanent: false,
          }));
        deps.signals.delivery({
          channel: planned.channel,
          outcome: result.ok ? 'sent' : 'failed',
          latencyMs: deps.clock() - started,
        });
        tally[result.ok ? 'sent' : 'failed']++;
      }),
  );
  return tally;
}

/** To each of the clinic's fallback contacts (its admins' phones) by SMS, email and push: how many left. */
export async function sendToFallbackContacts(
  deps: Pick<RotaCheckDeps, 'pager' | 'clock' | 'signals'>,
  clinic: Clinic,
  text: { sms: string; subject: string; body: string },
  purpose: NonNullable<OutgoingPage['purpose']>,
  link = '',
): Promise<{ sent: number; failed: number }> {
  const tallies = await Promise.all(
    clinic.fallback.map((contact) =>
      sendRotaMessage(
        deps,
        clinic.clinicId,
        { fallbackId: fallbackIdOf(contact) },
        fallbackPlan(contact),
        text,
        purpose,
        link,
      ),
    ),
  );
  return tallies.reduce((a, b) => ({ sent: a.sent + b.sent, failed: a.failed + b.failed }), {
    sent: 0,
    failed: 0,
  });
}
