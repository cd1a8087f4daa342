import type { ApiKeyRecord, Principal } from '../domain/model.js';
import type { CreateKeyInput } from '../schemas/key.js';
import { MAX_PAGE_LIMIT } from '../schemas/page-limits.js';
import type { PageQuery } from '../schemas/page-query.js';
import { requireAccess } from './access.js';
import type { AdminDeps } from './deps.js';
import { invalid, notFound } from './errors.js';
import { idPage } from './page-cursor.js';
import { hashSecret, randomToken } from './secrets.js';
import { iso } from './views.js';

export interface CreatedKey {
  keyId: string;
  key: string; // shown once, never stored
  role: ApiKeyRecord['role'];
  clinicianId?: string;
  label: string;
}

const KEY_PREFIX = 'crk_';

export async function createKey(
  deps: AdminDeps,
  principal: Principal,
  clinicId: string,
  input: CreateKeyInput,
): Promise<CreatedKey> {
  requireAccess(principal, clinicId, ['platform', 'admin']);
  if (!(await deps.clinics.getClinic(clinicId))) throw notFound('clinic');
  if (input.clinicianId && !(await deps.clinics.getClinician(clinicId, input.clinicianId)))
    throw invalid([{ path: 'clinicianId', message: 'no such clinician in this clinic' }]);
  return issueKey(deps, { clinicId, role: input.role, clinicianId: input.clinicianId, label: input.label });
}

/** Also used to seed the demo and register the platform key; the caller has checked access. */
export async function issueKey(
  deps: Pick<AdminDeps, 'keys' | 'clock'>,
  spec: Pick<ApiKeyRecord, 'clinicId' | 'role' | 'clinicianId' | 'label'>,
  secret = `${KEY_PREFIX}${randomToken(32)}`,
): Promise<CreatedKey> {
  const record: ApiKeyRecord = { ...spec, keyId: `key_${randomToken(9)}`, createdAt: deps.clock() };
  await deps.keys.putKey(record, hashSecret(secret));
  return {
    keyId: record.keyId,
    key: secret,
    role: record.role,
    clinicianId: record.clinicianId,
    label: record.label,
  };
}

export async function revokeKey(deps: AdminDeps, principal: Principal, clinicId: string, keyId: string) {
  requireAccess(principal, clinicId, ['platform', 'admin']);
  if (!(await deps.keys.revokeKey(clinicId, keyId, deps.clock()))) throw notFound('key');
}

/** A key as its clinic's admin sees it: what it is for and whether it still works, never its secret. */
export const keyView = (record: ApiKeyRecord) => ({
  keyId: record.keyId,
  role: record.role,
  label: record.label,
  ...(record.clinicianId !== undefined && { clinicianId: record.clinicianId }),
  createdAt: iso(record.createdAt),
  revokedAt: record.revokedAt === undefined ? null : iso(record.revokedAt),
});

/** The clinic's keys in keyId order, revoked ones too (with revokedAt). */
export async function listKeys(deps: AdminDeps, principal: Principal, clinicId: string, query: PageQuery) {
  requireAccess(principal, clinicId, ['platform', 'admin']);
  if (!(await deps.clinics.getClinic(clinicId))) throw notFound('clinic');
  const page = await idPage(
    clinicId,
    'keys',
    query,
    (request) => deps.keys.keysPage(clinicId, request),
    (k) => k.keyId,
  );
  return { keys: page.items.map(keyView), nextCursor: page.nextCursor };
}

export async function getKey(deps: AdminDeps, principal: Principal, clinicId: string, keyId: string) {
  requireAccess(principal, clinicId, ['platform', 'admin']);
  const record = await deps.keys.getKey(clinicId, keyId);
  if (!record) throw notFound('key');
  return keyView(record);
}

/** Revokes every clinician key of one clinician that still works; the keyIds it revoked. */
export async function revokeClinicianKeys(
  deps: Pick<AdminDeps, 'keys'>,
  clinicId: string,
  clinicianId: string,
  at: number,
): Promise<string[]> {
  const revoked: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await deps.keys.keysPage(clinicId, { limit: MAX_PAGE_LIMIT, ...(after && { after }) });
    for (const key of page.items)
      if (key.role === 'clinician' && key.clinicianId === clinicianId && key.revokedAt === undefined) {
        await deps.keys.revokeKey(clinicId, key.keyId, at);
        revoked.push(key.keyId);
      }
    const last = page.items.at(-1);
    if (!page.more || !last) return revoked;
    after = last.keyId;
  }
}

/** The authorizer's question: which principal does this bearer key stand for? Null: reject with 401. */
export async function authenticate(deps: Pick<AdminDeps, 'keys'>, authorization: string | undefined) {
  const match = /^Bearer ([A-Za-z0-9_-]{16,200})$/i.exec(authorization?.trim() ?? '');
  if (!match?.[1]) return null;
  const record = await deps.keys.findByHash(hashSecret(match[1]));
  if (!record || record.revokedAt !== undefined) return null;
  const principal: Principal = { keyId: record.keyId, clinicId: record.clinicId, role: record.role };
  if (record.clinicianId) principal.clinicianId = record.clinicianId;
  return principal;
}
