// A poll loop that rests while the tab is hidden (no calls nobody sees) and polls at once when it shows.

export class Poller {
  private timer: number | undefined;
  private running = false;
  private busy: Promise<void> | null = null;
  private readonly onVisibility = () => {
    if (document.hidden) window.clearTimeout(this.timer);
    else void this.now();
  };

  /** `interval` answers the next delay in ms, or null to stop (e.g. the request closed). */
  constructor(
    private readonly run: () => Promise<void>,
    private readonly interval: () => number | null,
  ) {}

  get started(): boolean {
    return this.running;
  }

  /** `wait`: the caller has fresh data already, so the first poll is one interval away. */
  start(wait = false): void {
    if (this.running) return;
    this.running = true;
    document.addEventListener('visibilitychange', this.onVisibility);
    if (wait) this.schedule();
    else void this.now();
  }

  stop(): void {
    this.running = false;
    window.clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /** Polls now (one poll at a time), then schedules the next one. */
  now(): Promise<void> {
    window.clearTimeout(this.timer);
    this.busy ??= this.run().finally(() => {
      this.busy = null;
      this.schedule();
    });
    return this.busy;
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    const delay = this.interval();
    if (!this.running || delay === null || document.hidden) return;
    this.timer = window.setTimeout(() => void this.now(), delay);
  }
}
