import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLocalClients } from '../../shared/adapters/aws/dynamo-client.js';
import { ensureTable } from '../../shared/adapters/local/ensure-table.js';

export interface TestTable {
  tableName: string;
  client: DynamoDBClient;
  db: DynamoDBDocumentClient;
  endpoint: string;
  /** Commands sent since the last reset, by name: how the tests count DynamoDB calls. */
  calls: string[];
  destroy(): void;
}

/** A fresh table on the engine the global setup started, with a call counter on the client. */
export async function createTestTable(): Promise<TestTable> {
  const endpoint = process.env.DYNAMO_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMO_ENDPOINT is not set: run through the integration jest project');
  const { client, db } = createLocalClients(endpoint);
  const calls: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
  const tableName = `t-${randomUUID()}`;
  await ensureTable(client, tableName);
  calls.length = 0;
  return { tableName, client, db, endpoint, calls, destroy: () => client.destroy() };
}
