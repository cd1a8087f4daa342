// The request object as the status view reads it, and its timeline in words.
import type { Service, Who } from './api.js';

export interface TimelineEntry {
  at: string;
  type: string;
  who?: Who;
  role?: string;
  channel?: string;
  via?: string;
  attempt?: number;
  level?: number;
  round?: number;
  reason?: string;
  note?: string;
  serviceId?: string;
  omitted?: number;
}

export interface RequestView {
  requestId: string;
  reference: string;
  serviceId: string;
  routedServiceId: string;
  urgency: 'emergency' | 'urgent';
  status: 'paging' | 'acknowledged' | 'resolved' | 'cancelled' | 'unanswered';
  level: number;
  round: number;
  assignee: Who | null;
  paging: Who[];
  nextEscalationAt: string | null;
  createdAt: string;
  emergencyProtocol?: string;
  timeline: TimelineEntry[];
}

const words = (reason: string | undefined) => (reason ? reason.replace(/[_:]+/g, ' ').trim() : '');
const channelName = (channel: string | undefined) =>
  channel === 'sms' ? 'SMS' : channel === 'email' ? 'email' : (channel ?? '');
const VIA: Record<string, string> = { link: 'ack link', sms: 'SMS reply', api: 'app' };

/** One timeline entry as a sentence, and whether it is good or bad news (for the dot's colour). */
export function describe(
  entry: TimelineEntry,
  serviceName: (id: string) => string,
): { text: string; tone: '' | 'good' | 'bad' } {
  const who = entry.who?.name ?? 'someone';
  const level = entry.level === undefined ? '' : ` (level ${entry.level + 1})`;
  switch (entry.type) {
    case 'submitted':
      return { text: `Submitted for ${serviceName(entry.serviceId ?? '')}`, tone: '' };
    case 'routed':
      return { text: `Routed to ${serviceName(entry.serviceId ?? '')}: ${words(entry.reason)}`, tone: '' };
    case 'page_sent':
      return {
        text: `Paged ${who} by ${channelName(entry.channel)}${entry.level === undefined ? ' (fallback)' : level}`,
        tone: '',
      };
    case 'page_pending':
      return {
        text: `Paging ${who} by ${channelName(entry.channel)}${entry.level === undefined ? ' (fallback)' : level}: not confirmed yet`,
        tone: '',
      };
    case 'page_failed':
      return { text: `Page to ${who} could not be sent: ${words(entry.reason)}`, tone: 'bad' };
    case 'page_withheld':
      return { text: `Page to ${who} not sent: someone answered first`, tone: '' };
    case 'page_unconfirmed':
      return {
        text: `Page to ${who} by ${channelName(entry.channel)} was never confirmed by the provider`,
        tone: 'bad',
      };
    case 'level_skipped':
      return { text: `Level ${(entry.level ?? 0) + 1} skipped: ${words(entry.reason)}`, tone: '' };
    case 'timeout':
      return { text: `No answer in time${level}`, tone: 'bad' };
    case 'declined':
      return { text: `${who} can’t take it`, tone: 'bad' };
    case 'acknowledged':
      return {
        text: `${who} accepted${entry.via ? ` by ${VIA[entry.via] ?? entry.via}` : ''}`,
        tone: 'good',
      };
    case 'escalated':
      return { text: `Escalated to level ${(entry.level ?? 0) + 1} after ${words(entry.reason)}`, tone: '' };
    case 'unanswered':
      return { text: 'Nobody accepted: paging the clinic’s fallback contacts', tone: 'bad' };
    case 'fallback_repeat':
      return { text: 'Fallback contacts paged again', tone: 'bad' };
    case 'compacted':
      return { text: `${entry.omitted ?? 'Some'} earlier entries folded`, tone: '' };
    case 'resolved':
      return { text: `Resolved by ${who}${entry.note ? `: ${entry.note}` : ''}`, tone: 'good' };
    case 'cancelled':
      return { text: `Cancelled by ${who}${entry.reason ? `: ${entry.reason}` : ''}`, tone: '' };
    default:
      return { text: words(entry.type), tone: '' };
  }
}

/** "level 2 of 2", "level 1 of 2, round 2 of 2" as far as the service's policy is known. */
export function levelText(view: RequestView, service: Service | undefined): string {
  if (view.status === 'unanswered') return 'Fallback contacts';
  const levels = service?.escalation.levels.length;
  const rounds = service ? service.escalation.repeat + 1 : undefined;
  let text = `Level ${view.level + 1}${levels ? ` of ${levels}` : ''}`;
  if (rounds && rounds > 1) text += `, round ${view.round + 1} of ${rounds}`;
  return text;
}
