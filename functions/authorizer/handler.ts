import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { authenticate } from '../../shared/app/api-keys.js';
import type { AdminDeps } from '../../shared/app/deps.js';
import { authorizerContext } from '../http/principal.js';

// The policy covers the whole API stage, not the one method: API Gateway caches it per key for
// every route, and the handlers check clinic and role themselves.
function stageWildcard(methodArn: string): string {
  // arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path...}
  const [apiArn, stage] = methodArn.split('/');
  return `${apiArn}/${stage}/*`;
}

export const createHandler = (deps: Pick<AdminDeps, 'keys'>, logger: Logger) =>
  async function authorize(event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
    const header = event.headers?.Authorization ?? event.headers?.authorization;
    const principal = await authenticate(deps, header);
    if (!principal) {
      logger.info('key rejected');
      throw new Error('Unauthorized'); // the exact message API Gateway turns into a 401
    }
    return {
      principalId: principal.keyId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcard(event.methodArn) },
        ],
      },
      context: authorizerContext(principal),
    };
  };
