import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Principal, Role } from '../../shared/domain/model.js';

const ROLES: readonly Role[] = ['platform', 'admin', 'intake', 'clinician'];

/** The authorizer's context (API Gateway passes its values as strings) back into a Principal. */
export function principalFrom(event: APIGatewayProxyEvent): Principal | null {
  const context = event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
  const { keyId, clinicId, role, clinicianId } = context ?? {};
  if (typeof keyId !== 'string' || typeof clinicId !== 'string' || !ROLES.includes(role as Role)) return null;
  const principal: Principal = { keyId, clinicId, role: role as Role };
  if (typeof clinicianId === 'string' && clinicianId) principal.clinicianId = clinicianId;
  return principal;
}

/** The inverse, used by the authorizer function and the local server. */
export function authorizerContext(principal: Principal): Record<string, string> {
  return {
    keyId: principal.keyId,
    clinicId: principal.clinicId,
    role: principal.role,
    clinicianId: principal.clinicianId ?? '',
  };
}
