// What every part of the intake page shares once signed in: the key, the clinic's services, and what to do
// when the key stops working.
import type { Service, Session } from '../lib/api.js';
import { ApiError } from '../lib/api.js';
import { signOut } from '../lib/session.js';

export interface IntakeContext {
  session: Session;
  services: Map<string, Service>;
}

export const serviceName = (ctx: IntakeContext, id: string) => ctx.services.get(id)?.name ?? id;

/** A 401 means the key was revoked: sign out (true). Anything else is for the caller to show (false). */
export function signedOutBy(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 401) return false;
  signOut('intake', 'Your key is no longer accepted. Sign in again.');
  return true;
}
