import type { Principal, Role } from '../domain/model.js';
import { forbidden, notFound } from './errors.js';

/**
 * Tenant isolation first, role second: a key of another clinic learns nothing (404), a key of this
 * clinic with the wrong role is told so (403). Platform keys belong to no clinic.
 */
export function requireAccess(principal: Principal, clinicId: string, roles: readonly Role[]): void {
  if (principal.role === 'platform') {
    if (!roles.includes('platform')) throw forbidden('a platform key only manages clinics and keys');
    return;
  }
  if (principal.clinicId !== clinicId) throw notFound('clinic');
  if (!roles.includes(principal.role)) {
    const article = /^[aeiou]/.test(principal.role) ? 'an' : 'a';
    throw forbidden(`${article} ${principal.role} key may not do that`);
  }
}
