import type { AckTokenRecord, SmsCodeRecord, StoredRequest } from '../app/requests/stored-request.js';

export interface DueRequest {
  clinicId: string;
  requestId: string;
  dueAt: number;
}

export interface RequestStore {
  /** Conditional create: the existing item when the requestId is taken (idempotent submit). */
  create(stored: StoredRequest): Promise<{ created: true } | { created: false; existing: StoredRequest }>;
  get(clinicId: string, requestId: string): Promise<StoredRequest | null>;
  /** One conditional write on the version the change was decided from; false when someone else won. */
  replace(stored: StoredRequest, expectedVersion: number): Promise<boolean>;
  /** Open requests due at or before `until`, oldest first (the sweeper's sparse index). */
  listDue(until: number, limit: number): Promise<DueRequest[]>;
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
  /** At-most-once guard for side effects outside a transition (a page's publish): true for the first caller only. */
  claimOnce(key: string, now: number): Promise<boolean>;
  /** Whether claimOnce(key) was already won: a cheap read before work that would lose the claim anyway. */
  isClaimed(key: string): Promise<boolean>;
}
