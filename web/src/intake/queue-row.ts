// One row of the queue: reference (the button that watches it), urgency, service, status in words, level,
// who is on it, and the time since it was submitted, counting up.
import { el, setText } from '../lib/dom.js';
import {
  isPaging,
  levelText,
  pagingNames,
  passedOn,
  statusInWords,
  type RequestSummary,
  type RequestView,
} from '../lib/requests.js';
import { elapsed, formatter } from '../lib/time.js';
import { serviceName, type IntakeContext } from './context.js';

const clock = formatter(undefined, { hour: '2-digit', minute: '2-digit' });
let rows = 0;

/** "On it: Femi Adeyemi", "Paging: Ben Haddad", or nothing when the row does not say. */
function whoIsOnIt(row: RequestSummary): string {
  if (row.assignee) return `On it: ${row.assignee.name}`;
  const names = pagingNames(row);
  return isPaging(row.status) && names ? `Paging: ${names}` : '';
}

/** Short for a row: the level and the names are beside it. */
function rowWords(row: RequestSummary & Partial<RequestView>, now: number): string {
  if (isPaging(row.status)) {
    const reopened = passedOn(row.timeline);
    if (row.status === 'unanswered')
      return `Unanswered: follow your emergency protocol${reopened ? ` (${reopened})` : ''}`;
    return reopened ?? 'Paging: waiting for someone to accept';
  }
  return statusInWords(row, now);
}

export class QueueRow {
  readonly root: HTMLLIElement;
  private readonly button: HTMLButtonElement;
  private readonly action = el('span', { class: 'visually-hidden' }, 'Watch ');
  private readonly ref = el('span');
  private readonly urgency = el('span', { class: 'urgency' });
  private readonly service = el('span', { class: 'row-service' });
  private readonly age = el('time', { class: 'row-age' });
  private readonly status: HTMLParagraphElement;
  private readonly meta: HTMLParagraphElement;
  private readonly badge = el('span', { class: 'badge' }, 'Watching');
  private row: (RequestSummary & Partial<RequestView>) | null = null;

  constructor(
    private readonly ctx: IntakeContext,
    readonly requestId: string,
    open: () => void,
  ) {
    const id = `qrow-${++rows}`;
    this.status = el('p', { class: 'row-status', id: `${id}-status` });
    this.meta = el('p', { class: 'row-meta', id: `${id}-meta` });
    this.button = el(
      'button',
      { type: 'button', class: 'row-ref', 'aria-describedby': `${id}-status ${id}-meta` },
      this.action,
      this.ref,
    );
    this.button.addEventListener('click', open);
    this.root = el(
      'li',
      { class: 'row' },
      el('div', { class: 'row-head' }, this.button, this.urgency, this.service, this.age),
      this.status,
      el('div', { class: 'row-foot' }, this.meta, this.badge),
    );
  }

  focus(): void {
    this.button.focus();
  }

  render(row: RequestSummary & Partial<RequestView>, watched: boolean, now: number): void {
    this.row = row;
    this.root.className = `row ${row.status}${watched ? ' watched' : ''}`;
    setText(this.ref, row.reference);
    setText(this.action, watched ? 'Go to ' : 'Watch ');
    this.badge.hidden = !watched;
    setText(this.urgency, row.urgency === 'emergency' ? 'Emergency' : 'Urgent');
    this.urgency.className = `urgency ${row.urgency}`;
    setText(this.service, row.serviceName ?? serviceName(this.ctx, row.routedServiceId));
    const level = isPaging(row.status)
      ? levelText(row, this.ctx.services.get(row.routedServiceId))
      : `Level ${row.level + 1}`;
    setText(this.meta, [level, whoIsOnIt(row)].filter(Boolean).join(' · '));
    this.age.setAttribute('datetime', row.createdAt);
    this.age.title = `Submitted at ${clock.format(Date.parse(row.createdAt))}`;
    this.tick(now);
  }

  /** Every second: the age, and the minutes in the status words. Not a live region: it would chatter. */
  tick(now: number): void {
    if (!this.row) return;
    setText(this.age, `${elapsed(now - Date.parse(this.row.createdAt))} ago`);
    setText(this.status, rowWords(this.row, now));
  }
}
