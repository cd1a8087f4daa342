import type { ApiKeyRecord } from '../domain/model.js';

export interface KeyStore {
  /** Stores a new key under the hash of its secret; the secret itself is never stored. */
  putKey(record: ApiKeyRecord, secretHash: string): Promise<void>;
  findByHash(secretHash: string): Promise<ApiKeyRecord | null>;
  /** Returns false when the clinic has no such key. */
  revokeKey(clinicId: string, keyId: string, at: number): Promise<boolean>;
}
