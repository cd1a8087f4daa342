// In-memory stand-ins for the ports the request use cases need, with the same contracts as the DynamoDB
// adapters (conditional create and replace, single-use tokens, reply codes per phone), plus recorders so
// tests can see every page, timer and signal. Also shared by the integration tests (real store, fake pager).
import { isClosedStatus, wakeAt } from '../../../shared/domain/escalation/index.js';
import { AppError } from '../../../shared/app/errors.js';
import { requestKeys } from '../../../shared/adapters/aws/keys.js';
import {
  decodeCursor,
  encodeCursor,
  matchesFilter,
  MAX_QUEUE_PAGES,
  partitionsOf,
  queueRange,
  readQueue,
  REFERENCE_MATCHES,
  REFERENCE_SEARCH_PAGES,
  type PageRead,
  type PageResult,
  type QueueRow,
} from '../../../shared/adapters/aws/request-queue.js';
import type {
  AckTokenRecord,
  CaseLinkRecord,
  SmsCodeRecord,
  StoredRequest,
} from '../../../shared/ports/stored-request.js';
import type { RequestDeps } from '../../../shared/app/requests/request-deps.js';
import type { DeliverySignal, SignalName, Signals } from '../../../shared/ports/signals.js';
import { replaceClinicRecord, replaceContacts, replaceRecord, type ContactsChange } from '../api/fakes.js';
import { verifiedContacts } from '../../support/contacts.js';
import type { ClinicStore, RotaSnapshot } from '../../../shared/ports/clinic-store.js';
import type { OverridePageRequest, OverrideRemoval, PageRequest } from '../../../shared/ports/page.js';
import { overrideVersion } from '../../../shared/domain/override-versions.js';
import { pageById, pageOfOverrides } from '../../support/memory-pages.js';
import type { OutgoingPage, Pager, SendResult } from '../../../shared/ports/pager.js';
import {
  isOpenListing,
  requestListing,
  type DueRequest,
  type RequestListing,
  type RequestQueueQuery,
  type RequestStore,
} from '../../../shared/ports/request-store.js';
import type { Timer, TimerMessage } from '../../../shared/ports/timer.js';
import type {
  Clinic,
  Clinician,
  ContactChannel,
  Override,
  Principal,
  Service,
} from '../../../shared/domain/model.js';

const copy = <T>(value: T): T => structuredClone(value);

export class FakeRequestStore implements RequestStore {
  readonly items = new Map<string, StoredRequest>();
  readonly tokens = new Map<string, AckTokenRecord>();
  readonly codes = new Map<string, SmsCodeRecord>();
  readonly caseLinks = new Map<string, CaseLinkRecord>();
  /** requestIds whose `get` throws: a store outage for one record. */
  readonly failGetFor = new Set<string>();
  replaceCalls = 0;
  replaceLost = 0;

  private key(clinicId: string, requestId: string) {
    return `${clinicId}#${requestId}`;
  }

  async create(stored: StoredRequest) {
    const key = this.key(stored.request.clinicId, stored.request.requestId);
    const existing = this.items.get(key);
    if (existing) return { created: false as const, existing: copy(existing) };
    this.items.set(key, copy(stored));
    return { created: true as const };
  }

  async putCaseLink(record: CaseLinkRecord) {
    this.caseLinks.set(record.tokenHash, copy(record));
  }

  async findCaseLink(tokenHash: string) {
    const record = this.caseLinks.get(tokenHash);
    return record ? copy(record) : null;
  }

  async get(clinicId: string, requestId: string) {
    if (this.failGetFor.has(requestId))
      throw Object.assign(new Error('store unavailable'), { name: 'ServiceUnavailable' });
    const item = this.items.get(this.key(clinicId, requestId));
    return item ? copy(item) : null;
  }

  async replace(stored: StoredRequest, expectedVersion: number) {
    this.replaceCalls++;
    const key = this.key(stored.request.clinicId, stored.request.requestId);
    const current = this.items.get(key);
    if (!current || current.request.version !== expectedVersion) {
      this.replaceLost++;
      return false;
    }
    this.items.set(key, copy(stored));
    return true;
  }

  async listDue(until: number, limit: number): Promise<DueRequest[]> {
    return [...this.items.values()]
      .map((s) => ({
        clinicId: s.request.clinicId,
        requestId: s.request.requestId,
        dueAt: wakeAt(s.request),
      }))
      .filter((d): d is DueRequest => d.dueAt !== null && d.dueAt <= until)
      .sort((a, b) => a.dueAt - b.dueAt)
      .slice(0, limit);
  }

  /** Queue pages read (as the DynamoDB adapter counts Query calls). */
  queuePagesRead = 0;

  async listByClinic(clinicId: string, query: RequestQueueQuery) {
    const before = query.cursor === undefined ? undefined : decodeCursor(clinicId, query.cursor);
    const range = queueRange(query, before);
    if (range === null) return { items: [], nextCursor: null };
    const { rows, next } = await readQueue(this.queuePage(clinicId), {
      partitions: partitionsOf(query.status),
      range,
      filter: query.serviceId === undefined ? {} : { serviceId: query.serviceId },
      limit: query.limit,
      maxPages: MAX_QUEUE_PAGES,
    });
    return {
      items: rows.map((row) => copy(row.listing)),
      nextCursor: next === null ? null : encodeCursor(clinicId, next),
    };
  }

  async findByReference(clinicId: string, reference: string, now: number): Promise<RequestListing[]> {
    const closed = await readQueue(this.queuePage(clinicId), {
      partitions: [false],
      range: {},
      filter: { reference },
      limit: REFERENCE_MATCHES,
      maxPages: REFERENCE_SEARCH_PAGES,
    });
    const held = this.references.get(`${clinicId}#${reference}`);
    const holder =
      held && held.heldUntil >= now ? this.items.get(this.key(clinicId, held.requestId)) : undefined;
    const open =
      holder && holder.reference === reference && !isClosedStatus(holder.request.status)
        ? requestListing(holder)
        : null;
    const rest = closed.rows.map((row) => copy(row.listing)).filter((l) => l.requestId !== open?.requestId);
    return open ? [open, ...rest] : rest;
  }

  /** The index's pages: one partition, newest first, `limit` items evaluated, then the filter. */
  private queuePage(clinicId: string) {
    return async (read: PageRead<string>): Promise<PageResult<string>> => {
      this.queuePagesRead++;
      const partition: QueueRow[] = [...this.items.values()]
        .filter((s) => s.request.clinicId === clinicId)
        .map((s) => ({
          position: requestKeys.queuePosition(s.request.createdAt, s.request.requestId),
          listing: requestListing(s),
        }))
        .filter((row) => isOpenListing(row.listing) === read.open)
        .filter(
          (row) =>
            (read.range.lo === undefined || row.position >= read.range.lo) &&
            (read.range.hi === undefined || row.position < read.range.hi) &&
            (read.startAfter === undefined || row.position < read.startAfter),
        )
        .sort((a, b) => (a.position < b.position ? 1 : -1));
      const evaluated = partition.slice(0, read.limit);
      const last = evaluated.at(-1);
      // Like DynamoDB: a page that stopped at its limit says where it stopped, even if nothing follows.
      return {
        rows: evaluated.filter((row) => matchesFilter(row.listing, read.filter)),
        ...(evaluated.length === read.limit &&
          last && { next: { key: last.position, position: last.position } }),
      };
    };
  }

  async putAckToken(record: AckTokenRecord) {
    this.tokens.set(record.tokenHash, copy(record));
  }

  async findAckToken(tokenHash: string) {
    const record = this.tokens.get(tokenHash);
    return record ? copy(record) : null;
  }

  async useAckToken(tokenHash: string, now: number) {
    const record = this.tokens.get(tokenHash);
    if (!record || record.usedAt !== undefined) return false;
    record.usedAt = now;
    return true;
  }

  readonly misses = new Map<string, number>();
  async smsMisses(phone: string, now: number, add: boolean) {
    const key = `${phone}#${Math.floor(now / 900_000)}`;
    if (add) this.misses.set(key, (this.misses.get(key) ?? 0) + 1);
    return this.misses.get(key) ?? 0;
  }

  async releaseAckToken(tokenHash: string, usedAt: number) {
    const record = this.tokens.get(tokenHash);
    if (record?.usedAt === usedAt) delete record.usedAt;
  }

  async reserveSmsCode(record: SmsCodeRecord, now: number) {
    const key = `${record.phone}#${record.code}`;
    const existing = this.codes.get(key);
    if (existing && existing.expiresAt >= now) return false;
    this.codes.set(key, copy(record));
    return true;
  }

  async findSmsCode(phone: string, code: string, now: number) {
    const record = this.codes.get(`${phone}#${code}`);
    return record && record.expiresAt >= now ? copy(record) : null;
  }

  readonly references = new Map<string, { requestId: string; heldUntil: number }>();

  async reserveReference(clinicId: string, reference: string, requestId: string, now: number) {
    const key = `${clinicId}#${reference}`;
    const held = this.references.get(key);
    if (held && held.requestId !== requestId && held.heldUntil >= now) return false;
    this.references.set(key, { requestId, heldUntil: now + 90 * 86_400_000 });
    return true;
  }

  async releaseReference(clinicId: string, reference: string, requestId: string, now: number) {
    const held = this.references.get(`${clinicId}#${reference}`);
    if (held?.requestId === requestId) held.heldUntil = now - 1;
  }

  /** The one stored request (most tests submit exactly one). */
  only(): StoredRequest {
    const all = [...this.items.values()];
    if (all.length !== 1) throw new Error(`expected one request, found ${all.length}`);
    return copy(all[0] as StoredRequest);
  }
}

export class FakeClinicStore implements ClinicStore {
  clinics = new Map<string, Clinic>();
  clinicians = new Map<string, Clinician>();
  services = new Map<string, Service>();
  overrides = new Map<string, Override>();
  readonly brokenMarks: Array<{ clinicId: string; clinicianId: string; channel: ContactChannel }> = [];
  loadRotaCalls = 0;

  async putClinic(clinic: Clinic) {
    this.clinics.set(clinic.clinicId, copy(clinic));
  }
  async replaceClinic(clinic: Clinic, readUpdatedAt: number | null) {
    return replaceClinicRecord(this.clinics, clinic, readUpdatedAt);
  }
  async getClinic(clinicId: string) {
    return copy(this.clinics.get(clinicId) ?? null);
  }
  async putClinician(clinician: Clinician) {
    this.clinicians.set(`${clinician.clinicId}#${clinician.clinicianId}`, copy(clinician));
  }
  async replaceClinician(clinician: Clinician, readUpdatedAt: number | null) {
    return replaceRecord(this.clinicians, clinician, readUpdatedAt);
  }
  async getClinician(clinicId: string, clinicianId: string) {
    return copy(this.clinicians.get(`${clinicId}#${clinicianId}`) ?? null);
  }
  async listClinicians(clinicId: string) {
    return [...this.clinicians.values()].filter((c) => c.clinicId === clinicId).map(copy);
  }
  async updateContacts(clinicId: string, clinicianId: string, change: ContactsChange) {
    return replaceContacts(this.clinicians.get(`${clinicId}#${clinicianId}`), change);
  }
  async markContactBroken(clinicId: string, clinicianId: string, channel: ContactChannel) {
    this.brokenMarks.push({ clinicId, clinicianId, channel });
    const c = this.clinicians.get(`${clinicId}#${clinicianId}`);
    if (c && !c.brokenContacts.includes(channel)) {
      c.brokenContacts.push(channel);
      c.updatedAt += 1;
    }
  }
  async clearContactBroken(clinicId: string, clinicianId: string, channel: ContactChannel) {
    const c = this.clinicians.get(`${clinicId}#${clinicianId}`);
    if (c?.brokenContacts.includes(channel)) {
      c.brokenContacts = c.brokenContacts.filter((broken) => broken !== channel);
      c.updatedAt += 1;
    }
  }
  async putService(service: Service) {
    this.services.set(`${service.clinicId}#${service.serviceId}`, copy(service));
  }
  async getService(clinicId: string, serviceId: string) {
    return copy(this.services.get(`${clinicId}#${serviceId}`) ?? null);
  }
  async listServices(clinicId: string) {
    return [...this.services.values()].filter((s) => s.clinicId === clinicId).map(copy);
  }
  async putOverride(override: Override) {
    this.overrides.set(override.overrideId, copy(override));
  }
  async deleteOverride(clinicId: string, serviceId: string, overrideId: string) {
    const o = this.overrides.get(overrideId);
    if (!o || o.clinicId !== clinicId || o.serviceId !== serviceId) return false;
    this.overrides.delete(overrideId);
    return true;
  }
  async loadRota(clinicId: string, since: number): Promise<RotaSnapshot | null> {
    this.loadRotaCalls++;
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
    return pageById(
      [...this.clinicians.values()].filter((c) => c.clinicId === clinicId),
      (c) => c.clinicianId,
      page,
    );
  }
  async servicesPage(clinicId: string, page: PageRequest) {
    return pageById(
      [...this.services.values()].filter((s) => s.clinicId === clinicId),
      (s) => s.serviceId,
      page,
    );
  }
  async getOverride(clinicId: string, serviceId: string, overrideId: string) {
    const o = this.overrides.get(overrideId);
    return o && o.clinicId === clinicId && o.serviceId === serviceId ? copy(o) : null;
  }
  async overridesPage(clinicId: string, serviceId: string, page: OverridePageRequest) {
    const mine = [...this.overrides.values()].filter(
      (o) => o.clinicId === clinicId && o.serviceId === serviceId,
    );
    return pageOfOverrides(mine, page);
  }
  async replaceOverride(next: Override, read: Override) {
    const current = this.overrides.get(next.overrideId);
    if (!current || current.clinicId !== next.clinicId || overrideVersion(current) !== overrideVersion(read))
      return false;
    this.overrides.set(next.overrideId, copy(next));
    return true;
  }
  async removeOverride(clinicId: string, serviceId: string, overrideId: string): Promise<OverrideRemoval> {
    return (await this.deleteOverride(clinicId, serviceId, overrideId)) ? 'removed' : 'absent';
  }
  async deleteService(clinicId: string, serviceId: string) {
    for (const [id, o] of this.overrides)
      if (o.clinicId === clinicId && o.serviceId === serviceId) this.overrides.delete(id);
    return this.services.delete(`${clinicId}#${serviceId}`);
  }
  async deleteClinician(clinicId: string, clinicianId: string) {
    return this.clinicians.delete(`${clinicId}#${clinicianId}`);
  }
}

export interface SentPage extends OutgoingPage {
  at: number;
  result: SendResult;
}

interface Script {
  to?: string;
  channel?: ContactChannel;
  code: string;
  permanent: boolean;
  /** How many sends this failure applies to; Infinity for always. */
  times: number;
}

/** Records every send (successful or not); failures are scripted per phone and/or channel. */
export class FakePager implements Pager {
  readonly sent: SentPage[] = [];
  private readonly scripts: Script[] = [];
  private sequence = 0;

  constructor(private readonly clock: () => number) {}

  failFor(
    match: { to?: string; channel?: ContactChannel },
    failure: { code: string; permanent: boolean },
    times = Number.POSITIVE_INFINITY,
  ): void {
    this.scripts.push({ ...match, ...failure, times });
  }

  async send(page: OutgoingPage): Promise<SendResult> {
    const script = this.scripts.find(
      (s) =>
        s.times > 0 &&
        (s.to === undefined || s.to === page.to) &&
        (s.channel === undefined || s.channel === page.channel),
    );
    let result: SendResult;
    if (script) {
      script.times--;
      result = { ok: false, code: script.code, permanent: script.permanent };
    } else result = { ok: true, messageId: `m-${++this.sequence}` };
    this.sent.push({ ...page, at: this.clock(), result });
    return result;
  }

  delivered(filter: { to?: string; channel?: ContactChannel } = {}): SentPage[] {
    return this.sent.filter(
      (p) =>
        p.result.ok &&
        (filter.to === undefined || p.to === filter.to) &&
        (filter.channel === undefined || p.channel === filter.channel),
    );
  }

  /** The token of the latest successful page to this phone, from its ack link. */
  tokenFor(phone: string): string {
    const page = this.delivered({ to: phone }).at(-1);
    if (!page) throw new Error(`no page delivered to ${phone}`);
    return page.ackUrl.slice(page.ackUrl.lastIndexOf('/') + 1);
  }

  codeFor(phone: string): string {
    const page = this.delivered({ to: phone }).at(-1);
    if (!page) throw new Error(`no page delivered to ${phone}`);
    return page.code;
  }
}

/** Records scheduled messages; `drop` loses them (a failed precise timer, for the sweeper tests). */
export class FakeTimer implements Timer {
  /** Stands for the SQS queue: its messages outlive the process. */
  readonly outlivesProcess = true;
  readonly scheduled: Array<{ message: TimerMessage; now: number }> = [];
  drop = false;
  failWith: Error | null = null;

  async schedule(message: TimerMessage, now: number): Promise<void> {
    if (this.failWith) throw this.failWith;
    if (this.drop) return;
    this.scheduled.push({ message: copy(message), now });
  }

  /** Removes and returns the messages due at or before `now`, in due order. */
  takeDue(now: number): TimerMessage[] {
    const due = this.scheduled
      .filter((s) => s.message.dueAt <= now)
      .sort((a, b) => a.message.dueAt - b.message.dueAt);
    for (const d of due) this.scheduled.splice(this.scheduled.indexOf(d), 1);
    return due.map((d) => d.message);
  }

  last(): TimerMessage {
    const entry = this.scheduled.at(-1);
    if (!entry) throw new Error('nothing scheduled');
    return copy(entry.message);
  }
}

export class RecordingSignals implements Signals {
  readonly counts: Partial<Record<SignalName, number>> = {};
  readonly alerts: string[] = [];
  readonly deliveries: DeliverySignal[] = [];
  delivery(event: DeliverySignal): void {
    this.deliveries.push(event);
  }
  count(metric: SignalName, value = 1): void {
    this.counts[metric] = (this.counts[metric] ?? 0) + value;
  }
  alert(reason: string): void {
    this.alerts.push(reason);
  }
}

// ---- a small clinic -------------------------------------------------------------------------------

export const T0 = Date.parse('2026-03-02T12:00:00Z'); // a Monday; the general rota has ana on call
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const BASE_URL = 'https://crisis.example.org';

export const CLINIC_ID = 'northside';
export const PHONES = {
  ana: '+447700900101',
  ben: '+447700900102',
  chloe: '+447700900103',
  duty: '+447700900201',
  lead: '+447700900202',
} as const;

export const clinic = (over: Partial<Clinic> = {}): Clinic => ({
  clinicId: CLINIC_ID,
  name: 'Northside Clinic',
  timezone: 'Europe/London',
  fallback: [
    { name: 'Duty manager', phone: PHONES.duty },
    { name: 'Clinical lead', phone: PHONES.lead },
  ],
  fallbackRepeatSeconds: 300,
  createdAt: T0 - 30 * 86_400_000,
  updatedAt: T0 - 30 * 86_400_000,
  ...over,
});

/** A clinician whose phone (and email, when given) are verified contact methods. */
export const clinician = (clinicianId: keyof typeof PHONES, over: Partial<Clinician> = {}): Clinician => {
  const { phone = PHONES[clinicianId], email, ...rest } = over;
  return {
    clinicId: CLINIC_ID,
    clinicianId,
    name: `${clinicianId[0]?.toUpperCase()}${clinicianId.slice(1)} Smith`,
    contacts: verifiedContacts({ phone, ...(email !== undefined && { email }) }),
    active: true,
    brokenContacts: [],
    updatedAt: T0 - 86_400_000,
    ...rest,
  };
};

/** Daily handoff at 08:00 London from Monday 5 Jan 2026: on 2 Mar 2026 at noon ana is primary, ben secondary. */
export const service = (over: Partial<Service> = {}): Service => ({
  clinicId: CLINIC_ID,
  serviceId: 'general',
  name: 'General',
  rotation: {
    participants: ['ana', 'ben'],
    start: '2026-01-05',
    handoff: { every: 'day', count: 1, at: '08:00' },
  },
  escalation: {
    levels: [
      { notify: 'primary', ackTimeoutSeconds: 60 },
      { notify: 'secondary', ackTimeoutSeconds: 120 },
    ],
    repeat: 0,
  },
  updatedAt: T0 - 86_400_000,
  ...over,
});

/** A rotation that has not started yet: nobody is on call (a gap). */
export const NOT_STARTED = {
  participants: ['chloe'],
  start: '2030-01-07',
  handoff: { every: 'day' as const, count: 1, at: '08:00' },
};

export async function seedClinic(store: ClinicStore): Promise<void> {
  await store.putClinic(clinic());
  for (const id of ['ana', 'ben', 'chloe'] as const) await store.putClinician(clinician(id));
  await store.putService(service());
  // Nobody on call; falls back to the general service's chain.
  await store.putService(
    service({
      serviceId: 'adolescent',
      name: 'Adolescent',
      rotation: NOT_STARTED,
      fallbackServiceId: 'general',
    }),
  );
  // Nobody on call and no fallback service: straight to the clinic's fallback contacts.
  await store.putService(service({ serviceId: 'night', name: 'Night line', rotation: NOT_STARTED }));
  await store.putClinic(clinic({ clinicId: 'southside', name: 'Southside' }));
}

export const intake: Principal = { keyId: 'k-intake', clinicId: CLINIC_ID, role: 'intake' };
export const admin: Principal = { keyId: 'k-admin', clinicId: CLINIC_ID, role: 'admin' };
export const otherIntake: Principal = { keyId: 'k-other', clinicId: 'southside', role: 'intake' };
export const asClinician = (clinicianId: string): Principal => ({
  keyId: `k-${clinicianId}`,
  clinicId: CLINIC_ID,
  role: 'clinician',
  clinicianId,
});

export const SUMMARY = 'Caller (Jo) says she has taken pills and is alone; ex-partner threatened her';
export const CALLBACK = '+447700900999';

export const body = (over: Record<string, unknown> = {}) => ({
  serviceId: 'general',
  urgency: 'urgent' as const,
  summary: SUMMARY,
  callbackPhone: CALLBACK,
  requesterName: 'Hotline desk 3',
  ...over,
});

export interface Harness {
  deps: RequestDeps;
  clinics: ClinicStore;
  requests: RequestStore;
  pager: FakePager;
  timer: FakeTimer;
  signals: RecordingSignals;
  /** The mutable clock every dependency reads. */
  now(): number;
  setNow(t: number): void;
  advance(ms: number): number;
}

/** Request deps over the given stores (in-memory by default) with fake pager, timer and a fixed clock. */
export function harness(
  stores: { clinics?: ClinicStore; requests?: RequestStore } = {},
  start = T0,
): Harness {
  let now = start;
  const clock = () => now;
  const pager = new FakePager(clock);
  const timer = new FakeTimer();
  const signals = new RecordingSignals();
  const clinics = stores.clinics ?? new FakeClinicStore();
  const requests = stores.requests ?? new FakeRequestStore();
  return {
    deps: { clinics, requests, pager, timer, clock, signals, publicBaseUrl: BASE_URL },
    clinics,
    requests,
    pager,
    timer,
    signals,
    now: clock,
    setNow: (t) => {
      now = t;
    },
    advance: (ms) => (now += ms),
  };
}

/** Awaits a promise that must reject with an AppError and returns it for closer checks. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, but the call succeeded');
}
