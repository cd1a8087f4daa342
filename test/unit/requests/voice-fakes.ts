// A clinic whose on-call people are paged by voice, over the request fakes: ana (primary) and ben
// (secondary) each with a verified voice method their rules call at once, alone or beside their SMS. The
// page's call is what FakePager recorded; its pageRef is what a calling provider hands back.
import type { ContactMethod } from '../../../shared/domain/contacts.js';
import { submitRequest } from '../../../shared/app/requests/submit-request.js';
import {
  body,
  CLINIC_ID,
  clinician,
  FakeClinicStore,
  FakeRequestStore,
  harness,
  intake,
  PHONES,
  seedClinic,
  type Harness,
  type SentPage,
} from './fakes.js';

/** The numbers voice pages ring: distinct from the SMS numbers, so a test can tell a call from a text. */
export const VOICE = {
  ana: '+447700900301',
  ben: '+447700900302',
} as const;

const voiceMethod = (phone: string): ContactMethod => ({
  contactId: 'ct_voice',
  type: 'voice',
  value: phone,
  verified: true,
  verifiedBy: 'code',
  addedAt: 0,
});

const smsMethod = (phone: string): ContactMethod => ({
  contactId: 'ct_sms',
  type: 'sms',
  value: phone,
  verified: true,
  verifiedBy: 'code',
  addedAt: 0,
});

/** 'voice': a call only; 'sms+voice': a text and a call, both at once. */
export type Reach = 'voice' | 'sms+voice';

/** Gives a seeded clinician the voice method (and, for 'sms+voice', keeps the SMS), both paged at once. */
export async function reachBy(clinics: FakeClinicStore, who: keyof typeof VOICE, reach: Reach) {
  const contacts = [...(reach === 'sms+voice' ? [smsMethod(PHONES[who])] : []), voiceMethod(VOICE[who])];
  await clinics.putClinician(
    clinician(who, {
      contacts,
      notificationRules: contacts.map((m) => ({ contactId: m.contactId, afterSeconds: 0 })),
    }),
  );
}

export interface VoiceWorld {
  h: Harness;
  clinics: FakeClinicStore;
  requests: FakeRequestStore;
}

export async function voiceWorld(
  reach: { ana: Reach; ben: Reach } = { ana: 'voice', ben: 'voice' },
): Promise<VoiceWorld> {
  const clinics = new FakeClinicStore();
  const requests = new FakeRequestStore();
  await seedClinic(clinics);
  await reachBy(clinics, 'ana', reach.ana);
  await reachBy(clinics, 'ben', reach.ben);
  return { h: harness({ clinics, requests }), clinics, requests };
}

/** The latest call the pager placed to this number (a page, not a follow-up text). */
export function callTo(h: Harness, number: string): SentPage {
  const call = h.pager.delivered({ to: number, channel: 'voice' }).at(-1);
  if (!call) throw new Error(`no call to ${number}`);
  return call;
}

/** Submits a request to the general service (ana primary) and returns it with ana's call. */
export async function submitWithCall(world: VoiceWorld, idempotencyKey = 'idem-voice-1') {
  const { stored } = await submitRequest(world.h.deps, intake, CLINIC_ID, idempotencyKey, body());
  const call = callTo(world.h, VOICE.ana);
  if (!call.pageRef) throw new Error('the call carries no pageRef');
  return { requestId: stored.request.requestId, call, pageRef: call.pageRef };
}
