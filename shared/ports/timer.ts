/** A wake-up call for one request at one step; the use case decides whether it still matters. */
export interface TimerMessage {
  clinicId: string;
  requestId: string;
  /** The page attempt this timer belongs to: a timer for an older attempt is stale and ignored. */
  attempt: number;
  dueAt: number;
}

export interface Timer {
  schedule(message: TimerMessage, now: number): Promise<void>;
  /**
   * Whether a scheduled message outlives the process that scheduled it (a queue does, an in-process timer
   * does not). Only then is a delivery check worth scheduling: it is there for the case that process dies.
   */
  readonly outlivesProcess: boolean;
}
