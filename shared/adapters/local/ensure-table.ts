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
    return { missingIndexes: [] };
  }
}
