// A page of one kind of record of a partition (clinicians, services, keys), in sort key order, after a given
// id. The key condition itself starts past that id, so a position is all a cursor carries: never a key the
// caller could point at another partition.
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../../ports/page.js';

type Item = Record<string, unknown>;

/**
 * Ids are letters, digits, "_" and "-" (idSchema, randomToken), and "-" sorts first of them: `<id>-` is the
 * least id after `<id>`. "~" sorts after all of them, so `<prefix>~` closes the range.
 */
export async function pageByPrefix(
  db: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  prefix: string,
  page: PageRequest,
): Promise<Page<Item>> {
  const want = page.limit + 1;
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const res = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': partition,
          ':from': page.after === undefined ? prefix : `${prefix}${page.after}-`,
          ':to': `${prefix}~`,
        },
        // One more than the page: whether anything follows is known without another call.
        Limit: want - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(res.Items ?? []));
    startKey = res.LastEvaluatedKey;
  } while (startKey && items.length < want);
  return { items: items.slice(0, page.limit), more: items.length > page.limit };
}

/** Every item of a partition whose sort key starts with `prefix`, all pages. */
export async function allByPrefix(
  db: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
  prefix: string,
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
