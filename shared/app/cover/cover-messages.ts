// Telling people about a cover request: the offered colleagues (each with their own link), the requester,
// the taker, and the admins (the clinic's fallback contacts, as for gap alerts). By SMS, email and push,
// never a call; a message refused by every channel is counted, and the request itself never depends on it.
import { pagingPlan, unreachableReason } from '../../domain/contacts.js';
import { coverMessageText, type CoverMessageKind } from '../../domain/paging/cover-text.js';
import type { CoverRequest } from '../../domain/rota/cover-requests.js';
import type { RotaSnapshot } from '../../ports/clinic-store.js';
import { sendRotaMessage, sendToFallbackContacts } from '../rota-check/send-rota-message.js';
import { hashSecret, randomToken } from '../secrets.js';
import { nameIn, personIn, serviceNameIn } from './cover-context.js';
import type { CoverDeps } from './cover-deps.js';

type Tally = { sent: number; failed: number };
type MessageDeps = Pick<CoverDeps, 'pager' | 'clock' | 'signals' | 'publicBaseUrl'>;

const sum = (tallies: Tally[]): Tally =>
  tallies.reduce((a, b) => ({ sent: a.sent + b.sent, failed: a.failed + b.failed }), { sent: 0, failed: 0 });

function textOf(
  deps: MessageDeps,
  rota: RotaSnapshot,
  request: CoverRequest,
  kind: CoverMessageKind,
  url?: string,
) {
  return coverMessageText({
    kind,
    serviceName: serviceNameIn(rota, request.serviceId),
    serviceId: request.serviceId,
    requesterName: nameIn(rota, request.requesterId),
    ...(request.acceptedBy !== undefined && { takerName: nameIn(rota, request.acceptedBy) }),
    timeZone: rota.clinic.timezone,
    now: deps.clock(),
    start: request.start,
    end: request.end,
    ...(url !== undefined && { url }),
  });
}

/** One clinician of the clinic, by their channels; nothing for someone no message would reach. */
export async function tellClinician(
  deps: MessageDeps,
  rota: RotaSnapshot,
  request: CoverRequest,
  clinicianId: string,
  kind: CoverMessageKind,
  url?: string,
): Promise<Tally> {
  const person = personIn(rota, clinicianId);
  if (!person || unreachableReason(person) !== null) return { sent: 0, failed: 0 };
  const text = textOf(deps, rota, request, kind, url);
  return sendRotaMessage(deps, rota.clinic.clinicId, { clinicianId }, pagingPlan(person), text, 'cover', url);
}

/** The clinic's admins, as gap alerts reach them: its fallback contacts, with the console's address. */
export function tellAdmins(
  deps: MessageDeps,
  rota: RotaSnapshot,
  request: CoverRequest,
  kind: CoverMessageKind,
) {
  const url = `${deps.publicBaseUrl}/admin`;
  return sendToFallbackContacts(deps, rota.clinic, textOf(deps, rota, request, kind, url), 'cover', url);
}

/**
 * The offer to each colleague, each with a link of their own (128 bits, stored as its hash, kept until the
 * window ends): the link's person is who accepts, so a forwarded SMS cannot put someone else on call.
 */
export async function sendOffers(
  deps: MessageDeps & Pick<CoverDeps, 'covers'>,
  rota: RotaSnapshot,
  request: CoverRequest,
): Promise<Tally> {
  const reachable = (id: string) => {
    const person = personIn(rota, id);
    return person !== undefined && unreachableReason(person) === null;
  };
  const tallies = await Promise.all(
    request.offeredTo
      .filter((id) => !request.refused.includes(id) && reachable(id))
      .map(async (clinicianId) => {
        const token = randomToken();
        await deps.covers.putCoverLink({
          tokenHash: hashSecret(token),
          clinicId: request.clinicId,
          coverId: request.coverId,
          clinicianId,
          createdAt: deps.clock(),
          end: request.end,
        });
        return tellClinician(
          deps,
          rota,
          request,
          clinicianId,
          'offer',
          `${deps.publicBaseUrl}/cover/${token}`,
        );
      }),
  );
  const tally = sum(tallies);
  // Every message refused (throttled, say): left unmarked, so the rota check offers it again.
  if (tally.sent === 0 && tally.failed > 0) {
    deps.signals.alert('cover_offers_undelivered');
    return tally;
  }
  await deps.covers.markCover(request, 'offeredAt', deps.clock());
  return tally;
}
