import type { Who } from '../../domain/escalation/index.js';
import type { StoredRequest } from '../../ports/stored-request.js';
import { hashSecret, randomToken } from '../secrets.js';
import type { RequestDeps } from './request-deps.js';
import { retryWrite } from './retry-write.js';

/** Issues a case link for the person who holds the request: 128 random bits, only the hash stored. */
export async function issueCaseLink(deps: RequestDeps, stored: StoredRequest, who: Who): Promise<string> {
  const token = randomToken(16);
  const { clinicId, requestId } = stored.request;
  await retryWrite(() =>
    deps.requests.putCaseLink({
      tokenHash: hashSecret(token),
      clinicId,
      requestId,
      who,
      createdAt: deps.clock(),
    }),
  );
  return `${deps.publicBaseUrl}/case/${token}`;
}
