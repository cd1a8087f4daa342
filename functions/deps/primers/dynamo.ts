import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../../shared/adapters/aws/dynamo-client.js';
import type { Primer } from '../prime-provisioned.js';

/** The store's three kinds of call, through the document client as the adapters make them. */
export const primeDynamo: Primer = async (config) => {
  const db = createDocumentClient(config);
  const Key = { PK: 'PRIME', SK: 'PRIME' };
  await Promise.all([
    db.send(new GetCommand({ TableName: 'prime', Key })),
    db.send(
      new QueryCommand({
        TableName: 'prime',
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'PRIME' },
      }),
    ),
    db.send(
      new PutCommand({
        TableName: 'prime',
        Item: { ...Key, n: 1 },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    ),
  ]);
};
