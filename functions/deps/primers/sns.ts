import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Primer } from '../prime-provisioned.js';

/** An SMS publish, as the pager sends one. */
export const primeSns: Primer = (config) =>
  new SNSClient(config).send(new PublishCommand({ PhoneNumber: '+15555550100', Message: 'prime' }));
