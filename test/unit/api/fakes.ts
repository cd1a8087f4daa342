// In-memory ClinicStore and KeyStore with the same contracts as the DynamoDB adapters, plus a small
// two-clinic world and a silent logger, for the HTTP handler tests. Every write is recorded so a test can
// prove that a rejected call stored nothing; `failWith` makes every store call throw (an outage).
import { Logger } from '@aws-lambda-powertools/logger';
import { issueKey } from '../../../shared/app/api-keys.js';
import type { ContactDeps } from '../../../shared/app/contacts/contact-deps.js';
import type { CoverDeps } from '../../../shared/app/cover/cover-deps.js';
import { FakeCoverRequests } from '../cover/fake-cover-requests.js';
import type { FeedDeps } from '../../../shared/app/calendar/feeds.js';
import type { ReportDeps } from '../../../shared/app/reports/fairness-report.js';
import { FakeRequestStore, RecordingSignals } from '../requests/fakes.js';
import type {
  CalendarFeed,
  CalendarFeedStore,
  FeedScope,
} from '../../../shared/ports/calendar-feed-store.js';
import { verificationHash } from '../../../shared/app/contacts/send-contact-message.js';
import { VERIFY_LIFETIME_MS, VERIFY_TRIES, type ContactMethod } from '../../../shared/domain/contacts.js';
import type { OutgoingPage, Pager, SendResult } from '../../../shared/ports/pager.js';
import { makeOverrideId } from '../../../shared/domain/override-id.js';
import type {
  ApiKeyRecord,
  Clinic,
  Clinician,
  ContactChannel,
  Override,
  Principal,
  Service,
} from '../../../shared/domain/model.js';
import type { ClinicStore, RotaSnapshot } from '../../../shared/ports/clinic-store.js';
import type { KeyStore } from '../../../shared/ports/key-store.js';
import type { OverridePageRequest, OverrideRemoval, PageRequest } from '../../../shared/ports/page.js';
import { overrideVersion } from '../../../shared/domain/override-versions.js';
import { pageById, pageOfOverrides } from '../../support/memory-pages.js';

const copy = <T>(value: T): T => structuredClone(value);

export type ContactsChange = Parameters<ClinicStore['updateContacts']>[2];

/** The adapter's conditional put of a whole clinician, for both in-memory stores. */
export function replaceRecord(
  map: Map<string, Clinician>,
  clinician: Clinician,
  readUpdatedAt: number | null,
) {
  const key = `${clinician.clinicId}#${clinician.clinicianId}`;
  const current = map.get(key);
  if (readUpdatedAt === null ? current !== undefined : current?.updatedAt !== readUpdatedAt) return false;
  map.set(key, copy(clinician));
  return true;
}

/** The adapter's conditional put of a clinic record, for both in-memory stores. */
export function replaceClinicRecord(map: Map<string, Clinic>, clinic: Clinic, readUpdatedAt: number | null) {
  const current = map.get(clinic.clinicId);
  if (readUpdatedAt === null ? current !== undefined : current?.updatedAt !== readUpdatedAt) return false;
  map.set(clinic.clinicId, copy(clinic));
  return true;
}

/** The adapter's conditional replace of a clinician's methods, for both in-memory stores. */
export function replaceContacts(clinician: Clinician | undefined, change: ContactsChange): boolean {
  if (!clinician || clinician.updatedAt !== change.readUpdatedAt) return false;
  clinician.contacts = copy(change.contacts);
  clinician.brokenContacts = [...change.brokenContacts];
  if (change.notificationRules !== undefined) clinician.notificationRules = copy(change.notificationRules);
  if (change.shiftNoticeMinutes !== undefined) clinician.shiftNoticeMinutes = change.shiftNoticeMinutes;
  clinician.updatedAt = change.now;
  delete clinician.phone;
  delete clinician.email;
  return true;
}

/** What every admin route of the world may need: contacts (a pager) and calendar feeds. */
export type WorldDeps = ContactDeps & FeedDeps & ReportDeps & CoverDeps;

/** The adapter's rule in memory: a feed is valid while its scope's pointer names its token. */
export class FakeFeedStore implements CalendarFeedStore {
  readonly feeds = new Map<string, CalendarFeed>();
  readonly pointers = new Map<string, string>();

  private scopeKey(clinicId: string, scope: FeedScope) {
    return `${clinicId}#${scope.kind === 'clinician' ? scope.clinicianId : scope.serviceId}#${scope.kind}`;
  }
  async replaceFeed(feed: CalendarFeed, tokenHash: string) {
    const key = this.scopeKey(feed.clinicId, feed.scope);
    const old = this.pointers.get(key);
    if (old) this.feeds.delete(old);
    this.feeds.set(tokenHash, copy(feed));
    this.pointers.set(key, tokenHash);
    return true;
  }
  async findFeed(tokenHash: string) {
    const feed = this.feeds.get(tokenHash);
    return feed && this.pointers.get(this.scopeKey(feed.clinicId, feed.scope)) === tokenHash
      ? copy(feed)
      : null;
  }
  async revokeFeed(clinicId: string, scope: FeedScope) {
    const key = this.scopeKey(clinicId, scope);
    const old = this.pointers.get(key);
    if (!old) return false;
    this.pointers.delete(key);
    this.feeds.delete(old);
    return true;
  }
}

export class FakeClinicStore implements ClinicStore {
  readonly clinics = new Map<string, Clinic>();
  readonly clinicians = new Map<string, Clinician>();
  readonly services = new Map<string, Service>();
  readonly overrides = new Map<string, Override>();
  /** Every write, as `<method>:<id>`. */
  readonly writes: string[] = [];
  /** When set, every call rejects with it. */
  failWith: Error | null = null;

  private check(): void {
    if (this.failWith) throw this.failWith;
  }

  async putClinic(clinic: Clinic) {
    this.check();
    this.writes.push(`putClinic:${clinic.clinicId}`);
    this.clinics.set(clinic.clinicId, copy(clinic));
  }
  async replaceClinic(clinic: Clinic, readUpdatedAt: number | null) {
    this.check();
    this.writes.push(`replaceClinic:${clinic.clinicId}`);
    return replaceClinicRecord(this.clinics, clinic, readUpdatedAt);
  }
  async getClinic(clinicId: string) {
    this.check();
    return copy(this.clinics.get(clinicId) ?? null);
  }
  async putClinician(clinician: Clinician) {
    this.check();
    this.writes.push(`putClinician:${clinician.clinicId}/${clinician.clinicianId}`);
    this.clinicians.set(`${clinician.clinicId}#${clinician.clinicianId}`, copy(clinician));
  }
  async replaceClinician(clinician: Clinician, readUpdatedAt: number | null) {
    this.check();
    this.writes.push(`replaceClinician:${clinician.clinicId}/${clinician.clinicianId}`);
    return replaceRecord(this.clinicians, clinician, readUpdatedAt);
  }
  async getClinician(clinicId: string, clinicianId: string) {
    this.check();
    return copy(this.clinicians.get(`${clinicId}#${clinicianId}`) ?? null);
  }
  async listClinicians(clinicId: string) {
    this.check();
    return [...this.clinicians.values()].filter((c) => c.clinicId === clinicId).map(copy);
  }
  async updateContacts(clinicId: string, clinicianId: string, change: ContactsChange) {
    this.check();
    this.writes.push(`updateContacts:${clinicId}/${clinicianId}`);
    return replaceContacts(this.clinicians.get(`${clinicId}#${clinicianId}`), change);
  }
  async markContactBroken(clinicId: string, clinicianId: string, channel: ContactChannel) {
    this.check();
    this.writes.push(`markContactBroken:${clinicId}/${clinicianId}`);
    const c = this.clinicians.get(`${clinicId}#${clinicianId}`);
    if (c && !c.brokenContacts.includes(channel)) {
      c.brokenContacts.push(channel);
      c.updatedAt += 1;
    }
  }
  async clearContactBroken(clinicId: string, clinicianId: string, channel: ContactChannel) {
    this.check();
    const c = this.clinicians.get(`${clinicId}#${clinicianId}`);
    if (!c?.brokenContacts.includes(channel)) return; // no write, like the adapter
    this.writes.push(`clearContactBroken:${clinicId}/${clinicianId}/${channel}`);
    c.brokenContacts = c.brokenContacts.filter((broken) => broken !== channel);
    c.updatedAt += 1;
  }
  async putService(service: Service) {
    this.check();
    this.writes.push(`putService:${service.clinicId}/${service.serviceId}`);
    this.services.set(`${service.clinicId}#${service.serviceId}`, copy(service));
  }
  async getService(clinicId: string, serviceId: string) {
    this.check();
    return copy(this.services.get(`${clinicId}#${serviceId}`) ?? null);
  }
  async listServices(clinicId: string) {
    this.check();
    return [...this.services.values()].filter((s) => s.clinicId === clinicId).map(copy);
  }
  async putOverride(override: Override) {
    this.check();
    this.writes.push(`putOverride:${override.clinicId}/${override.overrideId}`);
    this.overrides.set(`${override.clinicId}#${override.overrideId}`, copy(override));
  }
  async deleteOverride(clinicId: string, serviceId: string, overrideId: string) {
    this.check();
    const key = `${clinicId}#${overrideId}`;
    const o = this.overrides.get(key);
    if (!o || o.serviceId !== serviceId) return false;
    this.writes.push(`deleteOverride:${clinicId}/${overrideId}`);
    this.overrides.delete(key);
    return true;
  }
  async loadRota(clinicId: string, since: number): Promise<RotaSnapshot | null> {
    this.check();
    const clinic = this.clinics.get(clinicId);
    if (!clinic) return null;
    return copy({
      clinic,
      clinicians: [...this.clinicians.values()].filter((c) => c.clinicId === clinicId),
      services: [...this.services.values()].filter((s) => s.clinicId === clinicId),
      overrides: [...this.overrides.values()].filter((o) => o.clinicId === clinicId && o.end > since),
    });
  }
  async cliniciansPage(clinicId: string, page: PageRequest) {
    this.check();
    const mine = [...this.clinicians.values()].filter((c) => c.clinicId === clinicId);
    return pageById(mine, (c) => c.clinicianId, page);
  }
  async servicesPage(clinicId: string, page: PageRequest) {
    this.check();
    const mine = [...this.services.values()].filter((s) => s.clinicId === clinicId);
    return pageById(mine, (s) => s.serviceId, page);
  }
  async getOverride(clinicId: string, serviceId: string, overrideId: string) {
    this.check();
    const o = this.overrides.get(`${clinicId}#${overrideId}`);
    return o && o.serviceId === serviceId ? copy(o) : null;
  }
  async overridesPage(clinicId: string, serviceId: string, page: OverridePageRequest) {
    this.check();
    const mine = [...this.overrides.values()].filter(
      (o) => o.clinicId === clinicId && o.serviceId === serviceId,
    );
    return pageOfOverrides(mine, page);
  }
  async replaceOverride(next: Override, read: Override) {
    this.check();
    this.writes.push(`replaceOverride:${next.clinicId}/${next.overrideId}`);
    const key = `${next.clinicId}#${next.overrideId}`;
    const current = this.overrides.get(key);
    if (
      !current ||
      current.serviceId !== next.serviceId ||
      overrideVersion(current) !== overrideVersion(read)
    )
      return false;
    this.overrides.set(key, copy(next));
    return true;
  }
  async removeOverride(clinicId: string, serviceId: string, overrideId: string): Promise<OverrideRemoval> {
    return (await this.deleteOverride(clinicId, serviceId, overrideId)) ? 'removed' : 'absent';
  }
  async deleteService(clinicId: string, serviceId: string) {
    this.check();
    if (!this.services.has(`${clinicId}#${serviceId}`)) return false;
    this.writes.push(`deleteService:${clinicId}/${serviceId}`);
    for (const [key, o] of this.overrides)
      if (o.clinicId === clinicId && o.serviceId === serviceId) this.overrides.delete(key);
    return this.services.delete(`${clinicId}#${serviceId}`);
  }
  async deleteClinician(clinicId: string, clinicianId: string) {
    this.check();
    this.writes.push(`deleteClinician:${clinicId}/${clinicianId}`);
    return this.clinicians.delete(`${clinicId}#${clinicianId}`);
  }
}

export class FakeKeyStore implements KeyStore {
  /** secret hash -> record (the authorizer's lookup). */
  readonly byHash = new Map<string, ApiKeyRecord>();
  readonly writes: string[] = [];

  async putKey(record: ApiKeyRecord, secretHash: string) {
    if (this.byHash.has(secretHash)) throw new Error('ConditionalCheckFailedException');
    this.writes.push(`putKey:${record.clinicId}/${record.keyId}`);
    this.byHash.set(secretHash, copy(record));
  }
  async findByHash(secretHash: string) {
    return copy(this.byHash.get(secretHash) ?? null);
  }
  async revokeKey(clinicId: string, keyId: string, at: number) {
    for (const record of this.byHash.values()) {
      if (record.clinicId !== clinicId || record.keyId !== keyId) continue;
      this.writes.push(`revokeKey:${clinicId}/${keyId}`);
      record.revokedAt ??= at;
      return true;
    }
    return false;
  }
  records(): ApiKeyRecord[] {
    return [...this.byHash.values()].map(copy);
  }
  async keysPage(clinicId: string, page: PageRequest) {
    const mine = [...this.byHash.values()].filter((r) => r.clinicId === clinicId);
    return pageById(mine, (r) => r.keyId, page);
  }
  async getKey(clinicId: string, keyId: string) {
    const found = [...this.byHash.values()].find((r) => r.clinicId === clinicId && r.keyId === keyId);
    return found ? copy(found) : null;
  }
}

// ---- a two-clinic world ---------------------------------------------------------------------------

export const T0 = Date.parse('2026-03-04T14:00:00Z'); // a Wednesday; London is on GMT
export const HOUR = 3_600_000;
export const CLINIC = 'c1';
export const OTHER_CLINIC = 'c2';

export const principals = {
  platform: { keyId: 'k-platform', clinicId: '*', role: 'platform' },
  admin: { keyId: 'k-admin', clinicId: CLINIC, role: 'admin' },
  intake: { keyId: 'k-intake', clinicId: CLINIC, role: 'intake' },
  clinician: { keyId: 'k-alice', clinicId: CLINIC, role: 'clinician', clinicianId: 'alice' },
  otherAdmin: { keyId: 'k-other-admin', clinicId: OTHER_CLINIC, role: 'admin' },
  otherIntake: { keyId: 'k-other-intake', clinicId: OTHER_CLINIC, role: 'intake' },
} satisfies Record<string, Principal>;

export const clinicBody = () => ({
  name: 'Northside Clinic',
  timezone: 'Europe/London',
  fallback: [{ name: 'Duty manager', phone: '+447700900201' }],
});

export const clinicianBody = () => ({ name: 'Alice Adams', phone: '+447700900101' });

/** Daily at 08:00 London from Mon 2 Mar 2026: alice, bob, alice, ... (alice holds 4 Mar 08:00 → 5 Mar 08:00). */
export const serviceBody = () => ({
  name: 'General',
  rotation: { participants: ['alice', 'bob'], start: '2026-03-02', handoff: { every: 'day', at: '08:00' } },
  escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
});

export const OVERRIDE_START = Date.parse('2026-03-04T12:00:00Z');
export const OVERRIDE_END = Date.parse('2026-03-04T18:00:00Z');
export const OVERRIDE_ID = makeOverrideId(OVERRIDE_END, 'seededoverride');

/** Records what the contact routes send; every send is accepted unless `answer` says otherwise. */
export class RecordingPager implements Pager {
  readonly sent: OutgoingPage[] = [];
  answer: SendResult = { ok: true, messageId: 'm-1' };
  async send(page: OutgoingPage) {
    this.sent.push(page);
    return this.answer;
  }
}

/** Alice's methods: her phone, verified, and an email waiting for the code WORLD_CODE. */
export const ALICE_SMS = 'ct_alice_sms';
export const ALICE_EMAIL = 'ct_alice_email';
export const WORLD_CODE = '424242';
/** The duty manager, c1's fallback contact (stored before fallback ids), with an email waiting for WORLD_CODE. */
export const DUTY_EMAIL = 'ct_duty_email';

export interface World {
  deps: WorldDeps;
  pager: RecordingPager;
  clinics: FakeClinicStore;
  keys: FakeKeyStore;
  /** Cover requests: seed them in `covers.requests` directly (a seed is not a write). */
  covers: FakeCoverRequests;
  /** keyIds of keys issued in the world, by name. */
  keyIds: { intake: string; other: string };
  /** All writes to either store after the world was built. */
  writes(): string[];
}

const pendingEmail = (contactId: string, value: string, addedAt: number, now: number): ContactMethod => ({
  contactId,
  type: 'email',
  value,
  verified: false,
  addedAt,
  verification: {
    codeHash: verificationHash(contactId, WORLD_CODE),
    sentAt: now,
    expiresAt: now + VERIFY_LIFETIME_MS,
    triesLeft: VERIFY_TRIES,
  },
});

function aliceContacts(addedAt: number, now: number): ContactMethod[] {
  return [
    {
      contactId: ALICE_SMS,
      type: 'sms',
      value: '+447700900101',
      verified: true,
      verifiedBy: 'code',
      addedAt,
    },
    pendingEmail(ALICE_EMAIL, 'alice@example.org', addedAt, now),
  ];
}

/** Clinic c1 (alice, bob, service general, bob's override 12:00-18:00 on 4 Mar) and an empty clinic c2. */
export async function buildWorld(now = T0): Promise<World> {
  const clinics = new FakeClinicStore();
  const keys = new FakeKeyStore();
  const pager = new RecordingPager();
  const covers = new FakeCoverRequests();
  const coverWrites: string[] = [];
  covers.beforeWrite = (what) => coverWrites.push(`cover:${what}`);
  const deps: WorldDeps = {
    clinics,
    keys,
    clock: () => now,
    pager,
    feeds: new FakeFeedStore(),
    publicBaseUrl: 'https://crisis.example.org',
    requests: new FakeRequestStore(),
    covers,
    signals: new RecordingSignals(),
  };
  const stamp = { createdAt: T0 - 30 * 24 * HOUR, updatedAt: T0 - 30 * 24 * HOUR };
  for (const clinicId of [CLINIC, OTHER_CLINIC])
    await clinics.putClinic({ clinicId, ...clinicBody(), fallbackRepeatSeconds: 300, ...stamp });
  const c1 = await clinics.getClinic(CLINIC);
  if (c1)
    await clinics.putClinic({
      ...c1,
      fallback: c1.fallback.map((f) => ({
        ...f,
        contacts: [pendingEmail(DUTY_EMAIL, 'duty@example.org', stamp.updatedAt, now)],
      })),
    });
  for (const [clinicianId, name, phone] of [
    ['alice', 'Alice Adams', '+447700900101'],
    ['bob', 'Bob Brown', '+447700900102'],
  ] as const)
    await clinics.putClinician({
      clinicId: CLINIC,
      clinicianId,
      name,
      ...(clinicianId === 'alice' ? { contacts: aliceContacts(stamp.updatedAt, now) } : { phone }),
      active: true,
      brokenContacts: [],
      updatedAt: stamp.updatedAt,
    });
  // A former clinician no service names: the one DELETE …/clinicians/{clinicianId} may remove.
  await clinics.putClinician({
    clinicId: CLINIC,
    clinicianId: 'dana',
    name: 'Dana Doyle',
    active: false,
    brokenContacts: [],
    updatedAt: stamp.updatedAt,
  });
  const service = serviceBody();
  await clinics.putService({
    clinicId: CLINIC,
    serviceId: 'general',
    name: service.name,
    rotation: { ...service.rotation, handoff: { every: 'day', count: 1, at: '08:00' } },
    escalation: { levels: [{ notify: 'primary', ackTimeoutSeconds: 60 }], repeat: 0 },
    updatedAt: stamp.updatedAt,
  });
  await clinics.putOverride({
    overrideId: OVERRIDE_ID,
    clinicId: CLINIC,
    serviceId: 'general',
    clinicianId: 'bob',
    start: OVERRIDE_START,
    end: OVERRIDE_END,
    createdAt: stamp.createdAt,
  });
  const intake = await issueKey(deps, { clinicId: CLINIC, role: 'intake', label: 'hotline' });
  const other = await issueKey(deps, { clinicId: OTHER_CLINIC, role: 'intake', label: 'other hotline' });
  clinics.writes.length = 0;
  keys.writes.length = 0;
  return {
    deps,
    pager,
    clinics,
    keys,
    covers,
    keyIds: { intake: intake.keyId, other: other.keyId },
    writes: () => [...clinics.writes, ...keys.writes, ...coverWrites],
  };
}

/** A logger that prints nothing; spy on its methods to see what was logged. */
export const silentLogger = () => new Logger({ serviceName: 'api-test', logLevel: 'SILENT' });
