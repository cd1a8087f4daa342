import type { ContactChannel } from '../domain/model.js';
import type { OutgoingPage, Pager, SendResult } from '../ports/pager.js';

/**
 * One pager per channel: SMS and email through SNS, voice through the calling provider, push through Web
 * Push. A channel with no provider answers as our own configuration's failure (retried, raised to ops),
 * never the person's: their contact is not marked broken.
 */
export class ChannelPager implements Pager {
  constructor(private readonly byChannel: Partial<Record<ContactChannel, Pager>>) {}

  send(page: OutgoingPage): Promise<SendResult> {
    const pager = this.byChannel[page.channel];
    if (!pager) return Promise.resolve(notConfigured(page.channel));
    return pager.send(page);
  }

  /** The channels this deployment can deliver: the contact types it lets people add. */
  get channels(): ContactChannel[] {
    return Object.keys(this.byChannel) as ContactChannel[];
  }
}

export const notConfigured = (channel: ContactChannel): SendResult & { ok: false } => ({
  ok: false,
  code: `${channel.charAt(0).toUpperCase()}${channel.slice(1)}NotConfigured`,
  permanent: false,
  accountLevel: true,
});
