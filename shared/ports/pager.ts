import type { ContactChannel } from '../domain/model.js';

export interface OutgoingPage {
  channel: ContactChannel;
  /** E.164 for sms; an email address is not needed: email goes to the topic, filtered by clinicianId. */
  to: string;
  clinicianId?: string;
  text: string;
  subject?: string;
  /** Kept on the local outbox so a person can play the scenario; never logged. */
  ackUrl: string;
  code: string;
}

export type SendResult =
  | { ok: true; messageId: string }
  /** permanent: retrying cannot help (opted out, invalid number); otherwise retry later. */
  | { ok: false; code: string; permanent: boolean };

export interface Pager {
  send(page: OutgoingPage): Promise<SendResult>;
}
