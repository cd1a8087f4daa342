import { StartOutboundVoiceContactCommand, type ConnectClient } from '@aws-sdk/client-connect';
import type { OutgoingPage, Pager, SendResult } from '../../ports/pager.js';
import { notConfigured } from '../channel-pager.js';

export interface ConnectVoiceSettings {
  instanceId: string;
  /** The contact flow the CDK app defines: it says `say`, asks for a key, and invokes the keypress function. */
  contactFlowId: string;
  /** A number claimed in the Connect instance, E.164. */
  sourcePhoneNumber: string;
}

/** Refusals about our own instance, flow, number or permissions: never the person's, raised to ops. */
const ACCOUNT_LEVEL = new Set([
  'AccessDeniedException',
  'DestinationNotAllowedException',
  'OutboundContactNotPermittedException',
  'ResourceNotFoundException',
  'InvalidParameterException',
  'InvalidRequestException',
  'ContactFlowNotPublishedException',
]);

/**
 * Voice pages as Amazon Connect outbound calls. The flow reads what to say, the keys prompt and the page's
 * reference from the contact's attributes: no patient detail is in them, as in the SMS. The call id is the
 * page's message id; whether it reached the person comes later (keypress function, contact events).
 */
export class ConnectVoicePager implements Pager {
  constructor(
    private readonly connect: ConnectClient,
    private readonly settings: ConnectVoiceSettings,
  ) {}

  async send(page: OutgoingPage): Promise<SendResult> {
    if (page.channel !== 'voice') return notConfigured(page.channel);
    try {
      const { ContactId } = await this.connect.send(
        new StartOutboundVoiceContactCommand({
          InstanceId: this.settings.instanceId,
          ContactFlowId: this.settings.contactFlowId,
          SourcePhoneNumber: this.settings.sourcePhoneNumber,
          DestinationPhoneNumber: page.to,
          Attributes: {
            say: page.text,
            // Codes and test calls take no key: the flow says the text and hangs up.
            keys: page.voicePrompt?.keys ?? '',
            pageRef: page.pageRef ?? '',
          },
        }),
      );
      return { ok: true, messageId: ContactId ?? 'unknown' };
    } catch (error) {
      return classifyConnectError(error);
    }
  }
}

export function classifyConnectError(error: unknown): SendResult & { ok: false } {
  const name = (error as Error | undefined)?.name ?? 'UnknownError';
  const code = name.replace(/Exception$/, '');
  if (ACCOUNT_LEVEL.has(name)) return { ok: false, code, permanent: false, accountLevel: true };
  // Throttling, the instance's concurrent-call limit, 5xx, timeouts: passing, re-attempted.
  return { ok: false, code, permanent: false };
}
