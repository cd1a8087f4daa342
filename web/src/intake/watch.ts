// The watched requests: one status panel each, side by side (stacked on a phone), in the URL's order.
import type { RequestView } from '../lib/requests.js';
import type { IntakeContext } from './context.js';
import { Panel, type PanelEvents } from './panel.js';

export class Watchlist {
  private readonly panels = new Map<string, Panel>();

  constructor(
    private readonly ctx: IntakeContext,
    private readonly container: HTMLElement,
    private readonly events: PanelEvents,
  ) {
    window.setInterval(() => this.panels.forEach((panel) => panel.tick()), 250);
  }

  ids(): string[] {
    return [...this.panels.keys()];
  }

  get(requestId: string): Panel | undefined {
    return this.panels.get(requestId);
  }

  /** Adds a panel at the end (showing `initial` at once if given); an open one is left as it is. */
  open(requestId: string, initial?: RequestView): Panel {
    let panel = this.panels.get(requestId);
    if (!panel) {
      panel = new Panel(this.ctx, requestId, this.events);
      this.panels.set(requestId, panel);
      this.container.append(panel.root);
      panel.start(initial);
    }
    return panel;
  }

  close(requestId: string): void {
    this.panels.get(requestId)?.destroy();
    this.panels.delete(requestId);
  }

  /** Makes the panels those of `ids`, in that order (a restored URL, Back, Forward). */
  sync(ids: readonly string[]): void {
    for (const id of this.ids()) if (!ids.includes(id)) this.close(id);
    for (const id of ids) this.open(id);
    const order = ids.map((id) => this.panels.get(id)?.root);
    const current = [...this.container.children];
    if (order.some((root, i) => root !== current[i]))
      for (const root of order) if (root) this.container.append(root);
  }
}
