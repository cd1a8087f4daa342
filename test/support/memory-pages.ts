// The admin lists' paging contracts (shared/ports/page.ts) over plain arrays, for the in-memory stores: the
// same order and the same `more` as the DynamoDB adapters give.
import type { Override } from '../../shared/domain/model.js';
import { latestVersions } from '../../shared/domain/override-versions.js';
import type { OverridePageRequest, Page, PageRequest } from '../../shared/ports/page.js';

const copy = <T>(value: T): T => structuredClone(value);

/** Items in id order (as DynamoDB sorts ASCII ids), after `page.after`, `page.limit` of them. */
export function pageById<T>(items: Iterable<T>, idOf: (item: T) => string, page: PageRequest): Page<T> {
  const sorted = [...items]
    .filter((item) => page.after === undefined || idOf(item) > page.after)
    .sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1));
  return { items: sorted.slice(0, page.limit).map(copy), more: sorted.length > page.limit };
}

/** A service's overrides by start then id, as DynamoOverrides.page answers. */
export function pageOfOverrides(overrides: Iterable<Override>, request: OverridePageRequest): Page<Override> {
  const { endingAfter, after, limit } = request;
  const listed = latestVersions([...overrides])
    .filter(
      (o) =>
        (endingAfter === undefined || o.end > endingAfter) &&
        (after === undefined ||
          o.start > after.start ||
          (o.start === after.start && o.overrideId > after.overrideId)),
    )
    .sort((a, b) => a.start - b.start || (a.overrideId < b.overrideId ? -1 : 1));
  return { items: listed.slice(0, limit).map(copy), more: listed.length > limit };
}
