import type { ContactChannel } from '../domain/model.js';

export interface OutgoingPage {
  channel: ContactChannel;
  /** Absent on pages and notices of a request; a contact method's code or test page, or a rota alert. */
  purpose?: 'verification' | 'test' | 'gap-alert' | 'shift-notice' | 'cover';
  /** E.164 for sms and voice; for email the address, though the topic's subscriptions choose (audience). */
  to: string;
  clinicianId?: string;
  /** Whose email subscriptions receive it (audienceOf): a clinic's person, never anyone else's. */
  audience?: string;
  text: string;
  subject?: string;
  /** Kept on the local outbox so a person can play the scenario; never logged. */
  ackUrl: string;
  code: string;
  /** A reminder's (or an SMS reply's) case link, kept on the local outbox like the ack link; never logged. */
  caseUrl?: string;
  /**
   * On a page: its reference (the hash of its link token, so never a credential itself). A calling provider
   * carries it through the call and hands it back with the key pressed or the way the call ended.
   */
  pageRef?: string;
  /**
   * On a voice page, `text` is what is said; these are what follows it: the keys to press where the provider
   * takes keys, else how to answer instead (the SMS code or the link).
   */
  voicePrompt?: { keys: string; withoutKeys: string };
}

export type SendResult =
  | { ok: true; messageId: string }
  /**
   * permanent: the destination itself cannot be reached (opted out, invalid number), so retrying cannot help
   * and the contact is marked broken. accountLevel: the provider refused for a reason of our own account or
   * region (origination number, sandbox, permissions): retried like a passing failure and raised to ops, and
   * never held against the person.
   */
  | { ok: false; code: string; permanent: boolean; accountLevel?: boolean };

export interface Pager {
  send(page: OutgoingPage): Promise<SendResult>;
}
