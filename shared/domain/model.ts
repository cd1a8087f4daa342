// Core records of the product. Instants are epoch milliseconds inside the domain; ISO strings only at the edges.
import type { ContactMethod, ContactResult, NotificationRule } from './contacts.js';
import type { AgeGroup, MatchingMode } from './matching.js';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface FallbackContact {
  /** Stable within the clinic; absent on records stored before fallback ids (fallbackIdOf derives one). */
  fallbackId?: string;
  name: string;
  /** From the clinic settings: always paged by SMS (fallback-contacts.ts says why). */
  phone: string; // E.164
  /** Further ways to reach them (email, voice, push, another number): paged once verified. */
  contacts?: ContactMethod[];
  /** The last test page to the settings number. */
  phoneResult?: ContactResult;
}

export interface Clinic {
  clinicId: string;
  name: string;
  timezone: string; // IANA
  fallback: FallbackContact[];
  fallbackRepeatSeconds: number;
  /** What the hotline is shown to do while a request is unanswered (the clinic's own words). */
  emergencyProtocol?: string;
  /** "admin": a colleague's acceptance of a cover request waits for an admin (cover-requests.ts); absent: none. */
  coverApproval?: 'admin';
  createdAt: number;
  updatedAt: number;
}

export interface Clinician {
  clinicId: string;
  clinicianId: string;
  name: string;
  /** How the clinician is reached (contacts.ts); absent only on records stored before contact methods. */
  contacts?: ContactMethod[];
  /**
   * Which methods a page uses, and how long after the page opens each one is tried (contacts.ts,
   * pagingPlan). Absent: every verified method at its type's default delay.
   */
  notificationRules?: NotificationRule[];
  /** Before contact methods: read through contactsOf, never directly (the migration turns them into methods). */
  phone?: string; // E.164
  email?: string;
  active: boolean;
  /** BCP 47 tags of the languages they can take a crisis call in (matching.ts); absent: none listed. */
  languages?: string[];
  /** The age groups they work with; absent: none listed. */
  ageGroups?: AgeGroup[];
  /**
   * Minutes before each of their on-call shifts that a notice says so (and at its end, a summary); 0: no
   * shift notices. Absent: SHIFT_NOTICE_DEFAULT_MINUTES (shift-notices.ts).
   */
  shiftNoticeMinutes?: number;
  /** Contact methods that failed permanently (opted out, invalid). Cleared when the number or email changes. */
  brokenContacts: ContactChannel[];
  updatedAt: number;
}

/** Every channel a page can go out on: a decline or an ack covers all of a person's. */
export const CONTACT_CHANNELS = ['sms', 'email', 'voice', 'push'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export interface Rotation {
  participants: string[]; // clinicianIds, in handoff order
  start: string; // YYYY-MM-DD, local date in the clinic's timezone
  handoff: {
    every: 'day' | 'week';
    count: number; // every N days/weeks, >= 1
    at: string; // HH:MM local wall-clock time
    weekday?: Weekday; // weekly only: the first handoff is the first such weekday on/after start
  };
}

export type NotifyTarget = 'primary' | 'secondary' | 'fallback' | { clinicianId: string };

export interface EscalationLevel {
  notify: NotifyTarget;
  ackTimeoutSeconds: number; // 10..3600
}

export interface EscalationPolicy {
  levels: EscalationLevel[];
  repeat: number; // 0..5
  /** Deadlines after acceptance; absent on services saved before follow-through (defaults apply). */
  followUp?: { contactWithinSeconds: number; resolveWithinSeconds: number };
}

export interface Service {
  clinicId: string;
  serviceId: string;
  name: string;
  rotation: Rotation;
  escalation: EscalationPolicy;
  fallbackServiceId?: string;
  /** How a request's language and age group pick people (matching.ts); absent: "prefer". */
  matching?: MatchingMode;
  updatedAt: number;
}

export interface Override {
  overrideId: string;
  clinicId: string;
  serviceId: string;
  clinicianId: string;
  start: number;
  end: number; // exclusive
  createdAt: number; // where overrides overlap, the one created last wins
  /** Set by each update (PUT …/overrides/{overrideId}); absent on an override never updated. */
  updatedAt?: number;
}

export type Role = 'platform' | 'admin' | 'intake' | 'clinician';

export interface ApiKeyRecord {
  keyId: string;
  clinicId: string; // '*' for platform keys
  role: Role;
  clinicianId?: string;
  label: string;
  createdAt: number;
  revokedAt?: number;
}

/** Who is calling, as established by the authorizer. */
export interface Principal {
  keyId: string;
  clinicId: string;
  role: Role;
  clinicianId?: string;
}
