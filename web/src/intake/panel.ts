// One watched request: a status panel (from the page's <template>) that polls its request, counts down to
// the next escalation and shows the timeline. Several live side by side; each closes on its own.
import { ApiError, call, clinicPath, get, serverNow } from '../lib/api.js';
import { el, setText } from '../lib/dom.js';
import { Poller } from '../lib/poller.js';
import {
  STATUS_LABEL,
  isOpen,
  isPaging,
  levelText,
  pagingNames,
  statusInWords,
  type RequestView,
} from '../lib/requests.js';
import { describe } from '../lib/timeline.js';
import { duration, elapsed, formatter, spokenDuration } from '../lib/time.js';
import { serviceName, signedOutBy, type IntakeContext } from './context.js';

const POLL_MS = 1_500;
const POLL_ACCEPTED_MS = 5_000;
const clock = formatter(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
let panels = 0;

export interface PanelEvents {
  close(requestId: string): void;
  /** Every fresh view, so the queue row can show what only the full request has. */
  update(view: RequestView): void;
}

export class Panel {
  readonly root: HTMLElement;
  view: RequestView | null = null;
  private readonly poller: Poller;
  private failures = 0;
  private timelineKey = '';
  private readonly part = <T extends HTMLElement = HTMLElement>(name: string) =>
    this.root.querySelector<T>(`[data-part=${name}]`) as T;

  constructor(
    private readonly ctx: IntakeContext,
    readonly requestId: string,
    private readonly events: PanelEvents,
  ) {
    const template = document.getElementById('panel-template') as HTMLTemplateElement;
    this.root = (template.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
    this.root.dataset.requestId = requestId;
    const id = `panel-${++panels}`;
    this.part('title').id = `${id}-title`;
    this.root.setAttribute('aria-labelledby', `${id}-title`);
    this.poller = new Poller(
      () => this.poll(),
      () => this.interval(),
    );
    this.wire();
  }

  /** Shows `initial` (e.g. the submit's answer) at once, then keeps polling. */
  start(initial?: RequestView): void {
    if (initial) this.render(initial);
    this.poller.start(initial !== undefined);
  }

  focus(): void {
    this.part('title').focus();
  }

  destroy(): void {
    this.poller.stop();
    this.root.remove();
  }

  private interval(): number | null {
    const status = this.view?.status;
    if (!status) return POLL_MS;
    if (!isOpen(status)) return null;
    return isPaging(status) ? POLL_MS : POLL_ACCEPTED_MS;
  }

  private async poll(): Promise<void> {
    try {
      const view = await get<RequestView>(
        this.ctx.session,
        `/requests/${encodeURIComponent(this.requestId)}`,
      );
      this.failures = 0;
      setText(this.part('notice'), '');
      this.render(view);
    } catch (error) {
      if (signedOutBy(error)) return this.poller.stop();
      if (error instanceof ApiError && error.status === 404) {
        this.poller.stop();
        setText(this.part('status-line'), 'This request was not found for this clinic.');
        return;
      }
      if (++this.failures >= 2)
        setText(
          this.part('notice'),
          `Can’t reach the server (${(error as Error).message}). Still trying; the request itself keeps paging.`,
        );
    }
  }

  private render(view: RequestView): void {
    this.view = view;
    const service = this.ctx.services.get(view.routedServiceId);
    this.root.classList.toggle('unanswered', view.status === 'unanswered');
    setText(this.part('ref'), view.reference);
    // Spoken when the status changes, not when its minutes do (the visible line below has them).
    setText(this.part('announce'), statusInWords(view, null, service));
    setText(this.part('close-ref'), ` ${view.reference}`);
    // Named per request: several timelines side by side must be told apart.
    this.part('timeline-box').setAttribute('aria-label', `Timeline of ${view.reference}`);
    const pill = this.part('pill');
    setText(pill, STATUS_LABEL[view.status]);
    pill.className = `pill ${view.status}`;

    const banner = this.part('banner');
    if (view.status === 'unanswered') {
      if (!banner.firstChild)
        banner.append(
          'Follow your emergency protocol now.',
          el('p', { class: 'protocol' }, view.emergencyProtocol ?? 'No clinician has accepted this request.'),
        );
    } else banner.replaceChildren();

    const paging = isPaging(view.status);
    setText(this.part('service'), `${serviceName(this.ctx, view.routedServiceId)} · ${view.urgency}`);
    setText(this.part('paging-label'), paging ? 'Being paged' : 'Accepted by');
    setText(this.part('paging'), paging ? pagingNames(view) || 'nobody' : (view.assignee?.name ?? '—'));
    setText(this.part('level'), levelText(view, service));
    this.tick();
    this.renderTimeline(view);

    const cancel = this.part<HTMLButtonElement>('cancel');
    cancel.hidden = !isOpen(view.status) || !this.part('cancel-confirm').hidden;
    if (!isOpen(view.status)) this.part('cancel-confirm').hidden = true;
    setText(this.part('updated'), `Updated ${clock.format(Date.now())}`);
    this.events.update(view);
  }

  private renderTimeline(view: RequestView): void {
    const last = view.timeline[view.timeline.length - 1];
    const key = `${view.timeline.length}:${last?.type}:${last?.at}`;
    if (key === this.timelineKey) return;
    this.timelineKey = key;
    const box = this.part('timeline-box');
    const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
    this.part('timeline').replaceChildren(
      ...view.timeline.map((entry) => {
        const { text, tone } = describe(entry, (id) => serviceName(this.ctx, id));
        return el(
          'li',
          tone ? { class: tone } : {},
          el('time', { datetime: entry.at }, clock.format(Date.parse(entry.at))),
          text,
        );
      }),
    );
    if (atEnd) box.scrollTop = box.scrollHeight;
  }

  /** Runs every 250 ms: countdowns and the minutes in the status line. Timers are not announced each second. */
  tick(): void {
    const view = this.view;
    if (!view) return;
    const now = serverNow();
    setText(this.part('status-line'), statusInWords(view, now, this.ctx.services.get(view.routedServiceId)));
    setText(
      this.part('submitted'),
      `${clock.format(Date.parse(view.createdAt))} (${elapsed(now - Date.parse(view.createdAt))} ago)`,
    );
    const [label, due] = isPaging(view.status)
      ? [view.status === 'unanswered' ? 'Pages again in' : 'Next escalation in', view.nextEscalationAt]
      : view.status === 'acknowledged'
        ? ['Call back due in', view.nextFollowUpAt]
        : view.status === 'contacted'
          ? ['Outcome due in', view.nextFollowUpAt]
          : ['Next step', null];
    setText(this.part('next-label'), label);
    const countdown = this.part('countdown');
    // No next step (closed, or a server without follow-up times): the line goes rather than show a dash.
    this.part('next-label').hidden = !due;
    this.part('next').hidden = !due;
    if (!due) return;
    const left = Date.parse(due) - now;
    setText(countdown, left > 0 ? duration(left) : 'now');
    countdown.setAttribute('aria-label', left > 0 ? spokenDuration(left) : 'now');
  }

  private wire(): void {
    const cancel = this.part<HTMLButtonElement>('cancel');
    const confirm = this.part('cancel-confirm');
    const yes = this.part<HTMLButtonElement>('cancel-yes');
    this.part('close').addEventListener('click', () => this.events.close(this.requestId));
    cancel.addEventListener('click', () => {
      cancel.hidden = true;
      confirm.hidden = false;
      this.part('cancel-no').focus();
    });
    this.part('cancel-no').addEventListener('click', () => {
      confirm.hidden = true;
      cancel.hidden = false;
      cancel.focus();
    });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        const path = `/requests/${encodeURIComponent(this.requestId)}/cancel`;
        const { session } = this.ctx;
        confirm.hidden = true;
        this.render(
          await call<RequestView>('POST', clinicPath(session, path), { key: session.key, json: {} }),
        );
        this.focus();
      } catch (error) {
        if (signedOutBy(error)) return;
        confirm.hidden = false;
        setText(this.part('notice'), `Could not cancel: ${(error as Error).message}`);
      } finally {
        yes.disabled = false;
      }
    });
  }
}
