/** Whose shifts a feed shows: one clinician's (every service), or everyone's of one service. */
export type FeedScope = { kind: 'clinician'; clinicianId: string } | { kind: 'service'; serviceId: string };

export interface CalendarFeed {
  clinicId: string;
  scope: FeedScope;
  createdAt: number;
}

/**
 * A feed's URL carries a random token; only its hash is stored, under which the feed is found. A scope has
 * at most one feed: a new one replaces it, and the old URL stops working at once.
 */
export interface CalendarFeedStore {
  /** False when another replace or revoke of the same scope won a race (nothing is written then). */
  replaceFeed(feed: CalendarFeed, tokenHash: string): Promise<boolean>;
  findFeed(tokenHash: string): Promise<CalendarFeed | null>;
  /** False when the scope has no feed. */
  revokeFeed(clinicId: string, scope: FeedScope): Promise<boolean>;
}
