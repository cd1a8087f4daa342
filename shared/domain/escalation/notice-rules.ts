// When a pending message still matters, for pages and notices alike: the one rule the drafts, the
// redelivery and the sender's last look share, so they cannot disagree about what is still worth sending.
import type { ContactChannel } from '../model.js';
import { channelKey, sameWho } from './recipients.js';
import type { CrisisRequest, NoticeKind, Who } from './request.js';
import { isAcceptedStatus, isClosedStatus, isPagingStatus } from './request.js';

export interface PageKey {
  attempt: number;
  who: Who;
  channel: ContactChannel;
  notice?: NoticeKind;
}

/** This person accepted the request and it is not closed yet: they may act on it, and reminders go to them. */
export function holdsRequest(request: CrisisRequest, who: Who): boolean {
  return isAcceptedStatus(request.status) && request.assignee !== null && sameWho(request.assignee, who);
}

/** A reminder goes only to whoever still holds the request; "still open" only while it is open after contact. */
export function noticeMatters(request: CrisisRequest, notice: NoticeKind, who: Who): boolean {
  if (isClosedStatus(request.status)) return false;
  switch (notice) {
    case 'contact_reminder':
    case 'resolve_reminder':
      return holdsRequest(request, who);
    case 'still_open':
      return request.status === 'contacted';
    case 'passed_on':
      return true;
  }
}

/** A page matters while its attempt is current and its recipient can still answer; a notice by its own rule. */
export function stillMatters(request: CrisisRequest, page: PageKey): boolean {
  if (page.notice !== undefined) return noticeMatters(request, page.notice, page.who);
  return (
    isPagingStatus(request.status) &&
    page.attempt === request.position.attempt &&
    request.awaiting.includes(channelKey(page.channel, page.who))
  );
}
