import type { AckTokenRecord, SmsCodeRecord, StoredRequest } from './stored-request.js';

export interface DueRequest {
  clinicId: string;
  requestId: string;
  dueAt: number;
}

/** The request items: one per request, every change a conditional write on its version. */
export interface RequestItems {
  /** Conditional create: the existing item when the requestId is taken (idempotent submit). */
  create(stored: StoredRequest): Promise<{ created: true } | { created: false; existing: StoredRequest }>;
  get(clinicId: string, requestId: string): Promise<StoredRequest | null>;
  /** One conditional write on the version the change was decided from; false when someone else won. */
  replace(stored: StoredRequest, expectedVersion: number): Promise<boolean>;
  /**
   * Open requests due (a timeout, or a pending page to send again) at or before `until`, oldest first:
   * the sweeper's sparse index.
   */
  listDue(until: number, limit: number): Promise<DueRequest[]>;
}

/** What a page carries so it can be answered: its link token (hashed) and its SMS reply code. */
export interface PageCredentials {
  putAckToken(record: AckTokenRecord): Promise<void>;
  findAckToken(tokenHash: string): Promise<AckTokenRecord | null>;
  /** Single use: true for the first caller only. */
  useAckToken(tokenHash: string, now: number): Promise<boolean>;
  /** Undoes useAckToken(tokenHash, usedAt) when the answer could not be recorded. */
  releaseAckToken(tokenHash: string, usedAt: number): Promise<void>;
  /** False when the phone already has this code on an unexpired page: pick another code. */
  reserveSmsCode(record: SmsCodeRecord, now: number): Promise<boolean>;
  findSmsCode(phone: string, code: string, now: number): Promise<SmsCodeRecord | null>;
  /** Wrong reply codes from this phone in the current window, after counting one more when `add`. */
  smsMisses(phone: string, now: number, add: boolean): Promise<number>;
}

/** Short references read out on the phone, unique among a clinic's open requests. */
export interface RequestReferences {
  /**
   * Takes a short reference for this request: true when it was free, expired, released, or already this
   * request's own (a replayed submit); false while another open request holds it.
   */
  reserveReference(clinicId: string, reference: string, requestId: string, now: number): Promise<boolean>;
  /** The request closed: its reference may serve the clinic's next requests. */
  releaseReference(clinicId: string, reference: string, requestId: string, now: number): Promise<void>;
}

/** Everything a request keeps in the table, by item kind; one adapter serves all three on one table. */
export type RequestStore = RequestItems & PageCredentials & RequestReferences;
