import type { Who } from '../domain/escalation/index.js';
import type { ContactChannel } from '../domain/model.js';

/** A re-attempt of one send that failed for a passing reason (throttling, 5xx). */
export interface ResendOrder {
  who: Who;
  channel: ContactChannel;
  retry: number;
  level: number | null;
  round: number | null;
}

/** A wake-up call for one request at one step; the use case decides whether it still matters. */
export interface TimerMessage {
  clinicId: string;
  requestId: string;
  /** The page attempt this timer belongs to: a timer for an older attempt is stale and ignored. */
  attempt: number;
  dueAt: number;
  resend?: ResendOrder;
}

export interface Timer {
  schedule(message: TimerMessage, now: number): Promise<void>;
}
