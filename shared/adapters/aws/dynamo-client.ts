import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const DOCUMENT_OPTIONS = { marshallOptions: { removeUndefinedValues: true } };

/** Document client that drops undefined attributes, so optional fields never need special cases. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), DOCUMENT_OPTIONS);
}

/** Clients for an embedded engine on this machine: fixed fake credentials, never the real AWS chain. */
export function createLocalClients(endpoint: string): { client: DynamoDBClient; db: DynamoDBDocumentClient } {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  return { client, db: DynamoDBDocumentClient.from(client, DOCUMENT_OPTIONS) };
}
