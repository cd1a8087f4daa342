// One page of an admin list (clinicians, services, keys: in id order). The store only knows positions; the
// cursor a caller sees is made from them by the use case (shared/app/page-cursor.ts).

export interface PageRequest {
  /** The id of the last item of the previous page: this page starts after it. Absent: from the first. */
  after?: string;
  /** 1..200 */
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** Whether anything follows the last item. */
  more: boolean;
}

/** An override's place in its service's list: by start, then id (unique). */
export interface OverridePosition {
  start: number;
  overrideId: string;
}

export interface OverridePageRequest {
  /** Only overrides that end after this instant (those not over yet); absent: every override. */
  endingAfter?: number;
  /** The last override of the previous page. */
  after?: OverridePosition;
  limit: number;
}

/** What removing an override found: it was removed, there was none, or another change holds it right now. */
export type OverrideRemoval = 'removed' | 'absent' | 'busy';
