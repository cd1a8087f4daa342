import type { CrisisRequest, Who } from '../domain/escalation/index.js';
import type { AgeGroup } from '../domain/matching.js';
import type { ContactChannel } from '../domain/model.js';

/** What the caller told the hotline. Encrypted at rest, shown only to the clinician who acknowledged. */
export interface RequestDetails {
  summary: string;
  callbackPhone?: string;
  requesterName?: string;
  /** What the caller needs of the clinician (matching.ts): BCP 47, and an age group. */
  language?: string;
  ageGroup?: AgeGroup;
}

/** The request item: engine state plus what only the store and the API need. */
export interface StoredRequest {
  request: CrisisRequest;
  details: RequestDetails;
  /** Short human reference printed on pages, e.g. R7KQ: unique among the clinic's open requests. */
  reference: string;
  /** Frozen at submit for page texts, so a timer never needs to read the clinic again. */
  clinicName: string;
  serviceName: string;
  /** The clinic's own emergency protocol at submit, shown to the hotline while nobody has answered. */
  emergencyProtocol?: string;
  idempotencyKey: string;
  bodyHash: string;
}

/** One page's credentials: the link token (stored hashed) and the SMS reply code, both naming the page. */
export interface PageCredential {
  clinicId: string;
  requestId: string;
  attempt: number;
  who: Who;
  createdAt: number;
}

export interface AckTokenRecord extends PageCredential {
  tokenHash: string;
  usedAt?: number;
}

export interface SmsCodeRecord extends PageCredential {
  phone: string;
  code: string;
  expiresAt: number;
}

/**
 * A case link: the acceptor's way back to the caller's details and the follow-up actions. Stored hashed;
 * it grants something only while its person holds the request (read-only for a day after it closes).
 */
export interface CaseLinkRecord {
  tokenHash: string;
  clinicId: string;
  requestId: string;
  who: Who;
  createdAt: number;
}

export type { ContactChannel };
