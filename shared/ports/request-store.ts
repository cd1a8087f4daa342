import {
  isClosedStatus,
  isPagingStatus,
  type RequestStatus,
  type Urgency,
  type Who,
} from '../domain/escalation/index.js';
import type { AckTokenRecord, CaseLinkRecord, SmsCodeRecord, StoredRequest } from './stored-request.js';

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

/** A request as the clinic's queue lists it: no summary, callback number or timeline (no patient detail). */
export interface RequestListing {
  requestId: string;
  reference: string;
  serviceId: string;
  routedServiceId: string;
  serviceName: string;
  urgency: Urgency;
  status: RequestStatus;
  level: number;
  round: number;
  assignee: Who | null;
  /** Who the current page went to, while paging or unanswered (names only). */
  paging: Who[];
  /** While accepted: when it was accepted, and when the call back was recorded. */
  acknowledgedAt: number | null;
  contactedAt: number | null;
  createdAt: number;
  /** When the current page times out or the fallback repeats: only while paging or unanswered, else null. */
  nextDueAt: number | null;
}

/** The listing of a stored request: what the queue index keeps of it. */
export function requestListing(stored: StoredRequest): RequestListing {
  const { request } = stored;
  return {
    requestId: request.requestId,
    reference: stored.reference,
    serviceId: request.serviceId,
    routedServiceId: request.routedServiceId,
    serviceName: stored.serviceName,
    urgency: request.urgency,
    status: request.status,
    level: request.position.level,
    round: request.position.round,
    assignee: request.assignee,
    paging: isPagingStatus(request.status) ? request.paged : [],
    acknowledgedAt: request.followUp?.acceptedAt ?? null,
    contactedAt: request.followUp?.contactedAt ?? null,
    createdAt: request.createdAt,
    nextDueAt: isPagingStatus(request.status) ? request.nextDueAt : null,
  };
}

/** Open: paging, unanswered, or accepted and not closed yet; closed: resolved or cancelled. */
export type QueueStatus = 'open' | 'closed' | 'all';

export const isOpenListing = (listing: Pick<RequestListing, 'status'>) => !isClosedStatus(listing.status);

export interface RequestQueueQuery {
  status: QueueStatus;
  serviceId?: string;
  /** createdAt at or after (epoch ms). */
  from?: number;
  /** createdAt before (epoch ms). */
  to?: number;
  /** 1..100 */
  limit: number;
  /** The `nextCursor` of the previous page of this clinic's queue. */
  cursor?: string;
}

export interface RequestQueuePage {
  /** Newest first (createdAt descending). */
  items: RequestListing[];
  /** Where the next page starts; null when there is nothing further. */
  nextCursor: string | null;
}

/** A cursor this store did not give out for this clinic (garbled, tampered with, or another clinic's). */
export class InvalidCursorError extends Error {
  constructor() {
    super('not a cursor of this queue');
    this.name = 'InvalidCursorError';
  }
}

/** A clinic's requests by creation time: the hotline's queue. Served by an index, never a scan. */
export interface RequestQueue {
  /**
   * One page of the clinic's requests, newest first. With a `serviceId` filter a page may hold fewer than
   * `limit` requests and still have a `nextCursor` (the store reads a bounded number of index pages per
   * call). Throws InvalidCursorError for a cursor it did not give out for this clinic.
   */
  listByClinic(clinicId: string, query: RequestQueueQuery): Promise<RequestQueuePage>;
  /**
   * The requests with this short reference: the open request holding it first, then recent closed ones
   * newest first (among the clinic's most recent requests, a bounded search).
   */
  findByReference(clinicId: string, reference: string, now: number): Promise<RequestListing[]>;
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

/** Case links issued to whoever accepts (several per person: each acceptance and reminder issues one). */
export interface CaseLinks {
  putCaseLink(record: CaseLinkRecord): Promise<void>;
  findCaseLink(tokenHash: string): Promise<CaseLinkRecord | null>;
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

/** Everything a request keeps in the table, by item kind; one adapter serves them all on one table. */
export type RequestStore = RequestItems & RequestQueue & PageCredentials & RequestReferences & CaseLinks;
