import { appendFile, readFile } from 'node:fs/promises';
import type { OutgoingPage, Pager, SendResult } from '../../ports/pager.js';

export interface OutboxMessage {
  to: string;
  channel: OutgoingPage['channel'];
  /** A contact method's verification code or test page; absent on a request's pages and notices. */
  purpose?: OutgoingPage['purpose'];
  clinicianId?: string;
  text: string;
  ackUrl: string;
  code: string;
  /** On reminders and on the SMS reply to an acceptance: the acceptor's case link. */
  caseUrl?: string;
  sentAt: string;
  messageId: string;
  /** A voice call's id, to answer it with a keypress (POST /local/voice-inbound). */
  callId?: string;
  /** A page's reference, which a call hands back with its keypress or its end. */
  pageRef?: string;
}

/** The local stack's pager: pages land in an outbox (kept as JSON lines in the data dir) instead of SMS. */
export class OutboxPager implements Pager {
  private readonly messages: OutboxMessage[] = [];
  private sequence = 0;

  constructor(
    private readonly file: string | undefined,
    private readonly clock: () => number,
    /** Push notifications really go out (to whatever push service the subscription names), and are kept too. */
    private readonly push?: Pager,
  ) {}

  async load(): Promise<void> {
    if (!this.file) return;
    const text = await readFile(this.file, 'utf8').catch(() => '');
    for (const line of text.split('\n').filter(Boolean))
      this.messages.push(JSON.parse(line) as OutboxMessage);
    this.sequence = this.messages.length;
  }

  async send(page: OutgoingPage): Promise<SendResult> {
    const pushed = page.channel === 'push' && this.push ? await this.push.send(page) : null;
    if (pushed && !pushed.ok) return pushed;
    const message: OutboxMessage = {
      to: page.to,
      channel: page.channel,
      ...(page.purpose && { purpose: page.purpose }),
      clinicianId: page.clinicianId,
      // The local calling provider takes keys: the call says the page, then the keys prompt.
      text: page.voicePrompt ? `${page.text} ${page.voicePrompt.keys}` : page.text,
      ackUrl: page.ackUrl,
      code: page.code,
      ...(page.caseUrl && { caseUrl: page.caseUrl }),
      ...(page.pageRef && { pageRef: page.pageRef }),
      sentAt: new Date(this.clock()).toISOString(),
      messageId: `local-${++this.sequence}`,
    };
    if (page.channel === 'voice') message.callId = `call-${message.messageId}`;
    this.messages.push(message);
    if (this.file) await appendFile(this.file, `${JSON.stringify(message)}\n`);
    return pushed ?? { ok: true, messageId: message.callId ?? message.messageId };
  }

  findCall(callId: string): OutboxMessage | undefined {
    return this.messages.find((m) => m.callId === callId);
  }

  list(filter: { phone?: string } = {}): OutboxMessage[] {
    return this.messages.filter((m) => !filter.phone || m.to === filter.phone);
  }
}
