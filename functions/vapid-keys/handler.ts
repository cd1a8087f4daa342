import type { Logger } from '@aws-lambda-powertools/logger';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent, CloudFormationCustomResourceResponse } from 'aws-lambda';
import {
  readVapidKeys,
  writeVapidKeys,
  type VapidKeyPair,
} from '../../shared/adapters/aws/secrets-vapid-keys.js';

/** What the stack passes the custom resource: the secret the pair is kept in. */
interface VapidKeysProperties {
  SecretArn: string;
}

export interface VapidKeysDeps {
  secrets: SecretsManagerClient;
  generate: () => VapidKeyPair;
  /** How the answer reaches CloudFormation: a PUT to the event's presigned ResponseURL. */
  respond?: (url: string, response: CloudFormationCustomResourceResponse) => Promise<void>;
}

/**
 * The stage's VAPID key pair, made at the first deploy (Create) into an empty secret. A pair already there
 * is kept, on Create and Update alike: every browser subscription is bound to the public key, so a new
 * pair would silence every push method. Delete does nothing: the secret goes (or stays) with its stack.
 */
export const createHandler = (deps: VapidKeysDeps, logger: Logger) =>
  async function vapidKeys(event: CloudFormationCustomResourceEvent): Promise<void> {
    const { SecretArn: secretArn } = event.ResourceProperties as unknown as VapidKeysProperties;
    const physicalId =
      event.RequestType === 'Create' ? (secretArn ?? event.LogicalResourceId) : event.PhysicalResourceId;
    const answer = (status: 'SUCCESS' | 'FAILED', reason?: string) =>
      (deps.respond ?? putResponse)(event.ResponseURL, {
        Status: status,
        ...(reason && { Reason: reason }),
        PhysicalResourceId: physicalId,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
      } as CloudFormationCustomResourceResponse);
    try {
      if (event.RequestType !== 'Delete') {
        if (!secretArn) throw new Error('SecretArn is required');
        const existing = await readVapidKeys(deps.secrets, secretArn);
        if (existing) logger.info('VAPID keys kept', { requestType: event.RequestType });
        else {
          await writeVapidKeys(deps.secrets, secretArn, deps.generate());
          logger.info('VAPID keys generated', { requestType: event.RequestType });
        }
      }
    } catch (error) {
      // The reason shows in the stack's events: the error's name and message, never a key.
      const { name, message } = error as Error;
      logger.error('VAPID keys failed', { errorName: name });
      await answer('FAILED', `${name}: ${message}`.slice(0, 500));
      return;
    }
    await answer('SUCCESS');
  };

/** The S3 presigned URL signs no content type: send none, or S3 refuses the signature. */
async function putResponse(url: string, response: CloudFormationCustomResourceResponse): Promise<void> {
  const body = JSON.stringify(response);
  const reply = await fetch(url, {
    method: 'PUT',
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!reply.ok) throw new Error(`CloudFormation response refused: ${reply.status}`);
}
