import { DynamoCalendarFeedStore } from '../../shared/adapters/aws/dynamo-calendar-feed-store.js';
import { createDocumentClient } from '../../shared/adapters/aws/dynamo-client.js';
import type { FeedDeps } from '../../shared/app/calendar/feeds.js';
import { ENV } from '../../shared/config/env-names.js';
import { awsAdminDeps } from './aws-deps.js';
import { requireEnv } from './env.js';

/** The calendar feed routes' wiring: admin deps plus the feed store and where feed URLs point. */
export function awsFeedDeps(): FeedDeps {
  return {
    ...awsAdminDeps(),
    feeds: new DynamoCalendarFeedStore(createDocumentClient(), requireEnv(ENV.tableName)),
    publicBaseUrl: requireEnv(ENV.publicBaseUrl).replace(/\/+$/, ''),
  };
}
