import { ConnectClient, GetContactAttributesCommand } from '@aws-sdk/client-connect';
import { awsRequestDeps } from '../deps/aws-request-deps.js';
import { createObservability, withMetrics } from '../http/observability.js';
import { ENV } from '../../shared/config/env-names.js';
import { functionEntry } from '../routes.js';
import { createHandler, type ContactAttributes } from './handler.js';

const { logger, metrics } = createObservability();
const deps = awsRequestDeps(functionEntry('call-ended'), { logger, metrics });
const instanceId = process.env[ENV.connectInstanceId];
const connect = new ConnectClient({});
const contactAttributes: ContactAttributes | undefined = instanceId
  ? async (contactId) =>
      (
        await connect.send(
          new GetContactAttributesCommand({ InstanceId: instanceId, InitialContactId: contactId }),
        )
      ).Attributes ?? {}
  : undefined;
export const handler = withMetrics(metrics, createHandler(deps, logger, contactAttributes));
