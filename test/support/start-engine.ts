import { startDynalite, type EmbeddedDynamo } from '../../shared/adapters/local/embedded-dynamo.js';
import { startDynamoDbLocal } from './dynamodb-local.js';

export async function startEngine(name: string): Promise<EmbeddedDynamo> {
  return name === 'dynamodb-local' ? startDynamoDbLocal() : startDynalite();
}
