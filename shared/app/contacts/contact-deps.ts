import type { ContactType } from '../../domain/contacts.js';
import type { EmailSubscriptions } from '../../ports/email-subscriptions.js';
import type { Pager } from '../../ports/pager.js';
import type { AdminDeps } from '../deps.js';

/** Managing contact methods sends messages (codes, test pages) through the same pager as pages. */
export interface ContactDeps extends AdminDeps {
  pager: Pager;
  /** On AWS: email methods are subscriptions of the page topic. Locally absent: email gets a code instead. */
  emailSubscriptions?: EmailSubscriptions;
  /** Method types this deployment can deliver; absent: DELIVERABLE_TYPES (voice needs a calling provider). */
  deliverable?: readonly ContactType[];
}
