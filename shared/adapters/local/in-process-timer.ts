import type { Timer, TimerMessage } from '../../ports/timer.js';

/**
 * The local stack's precise timer: setTimeout at the due instant. Timers are not persisted; after a
 * restart the sweeper (same as in AWS) finds overdue requests, exactly the safety net it is for.
 */
export class InProcessTimer implements Timer {
  // Gone with the process; the local stack re-sends pending pages when it starts again instead.
  readonly outlivesProcess = false;
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly fire: (message: TimerMessage) => Promise<void>) {}

  async schedule(message: TimerMessage, now: number): Promise<void> {
    const handle = setTimeout(
      () => {
        this.pending.delete(handle);
        void this.fire(message).catch(() => undefined);
      },
      Math.max(0, message.dueAt - now),
    );
    this.pending.add(handle);
  }

  stop(): void {
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
  }
}
