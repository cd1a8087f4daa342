import type { ContactChannel } from '../domain/model.js';

/** Operational signals (metrics, alarms): the AWS wiring turns them into EMF metrics, tests record them. */
export interface Signals {
  count(metric: SignalName, value?: number): void;
  alert(reason: string): void;
  /** One message handed to the provider (a page, notice, code or test page): per channel, for the ops view. */
  delivery(event: DeliverySignal): void;
}

/** Why a provider refused, in a few fixed words: a metric dimension must not take any value a provider sends. */
export type FailureClass = 'opted_out' | 'invalid_destination' | 'throttled' | 'account' | 'other';

export interface DeliverySignal {
  channel: ContactChannel;
  outcome: 'sent' | 'failed';
  failure?: FailureClass;
  /** From handing the message to the provider to its answer. */
  latencyMs: number;
}

/** The provider's refusal, by the pager's classification, as one of the fixed failure classes. */
export function failureClassOf(result: {
  code: string;
  permanent: boolean;
  accountLevel?: boolean;
}): FailureClass {
  if (result.accountLevel) return 'account';
  if (/OptedOut/i.test(result.code)) return 'opted_out';
  if (result.permanent) return 'invalid_destination';
  if (/Throttl|TooManyRequests|Rate/i.test(result.code)) return 'throttled';
  return 'other';
}

export type SignalName =
  | 'PagesSent'
  | 'PageFailures'
  /** Voice pages whose call ended without reaching the person: busy, no answer, failed, no key pressed. */
  | 'CallsUnanswered'
  | 'Escalations'
  | 'Unanswered'
  | 'SweeperOverdue'
  | 'TimeToAcknowledge'
  /** New coverage gaps alerted to a clinic's fallback contacts, and those no message reached (retried). */
  | 'GapAlerts'
  | 'GapAlertsUndelivered'
  /** Cover requests asked for, and those that expired untaken (their admins and requester are told). */
  | 'CoverRequests'
  | 'CoverExpired';

export const silentSignals: Signals = {
  count: () => undefined,
  alert: () => undefined,
  delivery: () => undefined,
};
