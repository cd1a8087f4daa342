import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../aws/table-definition.js';

/**
 * Creates the single table on an embedded engine if it is not there yet (the CDK stack does it in AWS).
 * Answers the indexes an existing table lacks (a data folder made by an older version): the embedded engine
 * cannot add an index to a table, so whatever reads one fails until the folder is made again.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<{ missingIndexes: string[] }> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    const wanted = createTableInput(tableName).GlobalSecondaryIndexes.map((index) => index.IndexName);
    return { missingIndexes: wanted.filter((name) => !present.has(name)) };
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await untilActive(client, tableName);
    return { missingIndexes: [] };
  }
}

/** The engines answer "not found" to a table still CREATING (dynalite for a tick, DynamoDB Local longer). */
async function untilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
