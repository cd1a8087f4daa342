import type { ApiKeyRecord } from '../domain/model.js';
import type { Page, PageRequest } from './page.js';

export interface KeyStore {
  /** Stores a new key under the hash of its secret; the secret itself is never stored. */
  putKey(record: ApiKeyRecord, secretHash: string): Promise<void>;
  findByHash(secretHash: string): Promise<ApiKeyRecord | null>;
  /** Returns false when the clinic has no such key. */
  revokeKey(clinicId: string, keyId: string, at: number): Promise<boolean>;
  /** The clinic's keys in keyId order, a page at a time (never the secret's hash). */
  keysPage(clinicId: string, page: PageRequest): Promise<Page<ApiKeyRecord>>;
  /** One key of the clinic (never the secret's hash); null when the clinic has no such key. */
  getKey(clinicId: string, keyId: string): Promise<ApiKeyRecord | null>;
}
