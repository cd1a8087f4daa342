// What every section of the console shares: the session, the clinic as last read, its clinicians (for
// names and pickers), calls to the API that sign out on a 401, and lists read whole by following nextCursor.
import { ApiError, call, clinicPath, type Session } from '../lib/api.js';
import { signOut } from '../lib/session.js';
import type { Escalation } from './words.js';
import type { Rotation } from '../../../shared/domain/model.js';

export interface Method {
  contactId: string;
  type: 'sms' | 'voice' | 'email' | 'push';
  value: string;
  verified: boolean;
  state: 'verified' | 'pending_code' | 'pending_confirmation' | 'unverified';
  verifiedBy?: string;
  codeExpiresAt?: string;
  lastResult: { at: string; kind: string; outcome: string; code?: string } | null;
}

export interface MethodsView {
  contacts: Method[];
  plan: Array<{ contactId: string; channel: string; afterSeconds: number }>;
  pageable: boolean;
  warning?: string;
}

export interface FallbackContact {
  fallbackId: string;
  name: string;
  phone: string;
  contacts?: Method[];
}

export interface Clinic {
  clinicId: string;
  name: string;
  timezone: string;
  fallback: FallbackContact[];
  fallbackRepeatSeconds: number;
  emergencyProtocol?: string;
  coverApproval: 'none' | 'admin';
  updatedAt: string;
}

export interface Clinician {
  clinicianId: string;
  name: string;
  active: boolean;
  contacts: Method[];
  pageable: boolean;
  warning?: string;
  brokenContacts?: string[];
  /** BCP 47 tags and age groups, for matching a caller (docs/api.md, "Matching"). */
  languages?: string[];
  ageGroups?: string[];
  /** Minutes before their time on call that a shift notice goes (0: none). */
  shiftNoticeMinutes?: number;
}

export interface ServiceView {
  serviceId: string;
  name: string;
  rotation: Rotation;
  escalation: Escalation;
  fallbackServiceId?: string;
  matching?: 'prefer' | 'require';
}

export interface OverrideView {
  overrideId: string;
  serviceId: string;
  clinicianId: string;
  start: string;
  end: string;
  createdAt: string;
  updatedAt?: string;
}

export interface KeyView {
  keyId: string;
  role: 'platform' | 'admin' | 'intake' | 'clinician';
  label: string;
  clinicianId?: string;
  createdAt: string;
  revokedAt: string | null;
}

export class Console {
  clinic!: Clinic;
  clinicians: Clinician[] = [];
  services: ServiceView[] = [];

  constructor(readonly session: Session) {}

  /** A call under this clinic (`rest` starts with /); a 401 signs out with a message. */
  async request<T>(method: string, rest: string, json?: unknown): Promise<T> {
    try {
      return await call<T>(method, clinicPath(this.session, rest), {
        key: this.session.key,
        ...(json !== undefined && { json }),
      });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        signOut('admin', 'Your key is no longer accepted (revoked?). Sign in again with an admin key.');
        await new Promise(() => undefined); // the page reloads
      }
      throw error;
    }
  }

  /** Every item of a paged list: follows `nextCursor` until the last page. */
  async all<T>(rest: string, listName: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const sep = rest.includes('?') ? '&' : '?';
      const page = await this.request<Record<string, unknown>>(
        'GET',
        cursor ? `${rest}${sep}cursor=${encodeURIComponent(cursor)}` : rest,
      );
      items.push(...((page[listName] as T[] | undefined) ?? []));
      cursor = page.nextCursor as string | null | undefined;
      if (!cursor) break;
    }
    return items;
  }

  async loadClinic(): Promise<Clinic> {
    this.clinic = await this.request<Clinic>('GET', '');
    return this.clinic;
  }

  async loadClinicians(): Promise<Clinician[]> {
    this.clinicians = (await this.all<Clinician>('/clinicians', 'clinicians')).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    return this.clinicians;
  }

  async loadServices(): Promise<ServiceView[]> {
    this.services = (await this.all<ServiceView>('/services', 'services')).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    return this.services;
  }

  get timeZone(): string {
    return this.clinic?.timezone ?? 'UTC';
  }

  nameOf = (clinicianId: string): string =>
    this.clinicians.find((c) => c.clinicianId === clinicianId)?.name ?? clinicianId;

  /** Why a clinician cannot be paged (their `warning`), or null: what the server's shifts apply. */
  unavailable = (clinicianId: string): string | null => {
    const c = this.clinicians.find((x) => x.clinicianId === clinicianId);
    if (!c) return 'no_such_clinician';
    return c.pageable ? null : (c.warning ?? 'no_verified_contact');
  };
}
