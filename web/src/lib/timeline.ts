// A request's timeline, one entry at a time, as sentences (docs/api.md "Timeline entries", contract 13).
import { OUTCOME_WORDS, type Notice, type TimelineEntry } from './requests.js';

export type Tone = '' | 'good' | 'bad';

const words = (reason: string | undefined) => (reason ? reason.replace(/[_:]+/g, ' ').trim() : '');
const channelName = (channel: string | undefined) =>
  channel === 'sms' ? 'SMS' : channel === 'email' ? 'email' : (channel ?? '');
const VIA: Record<string, string> = {
  link: 'by ack link',
  sms: 'by SMS reply',
  api: 'in the app',
  case: 'on the case page',
};
const by = (via: string | undefined) => (via ? ` ${VIA[via] ?? `by ${via}`}` : '');

/** A notice asks nothing of its recipient: what it told them. */
function noticeText(notice: Notice, who: string, channel: string): string {
  switch (notice) {
    case 'contact_reminder':
      return `Reminded ${who} by ${channel} to call the caller back`;
    case 'resolve_reminder':
      return `Reminded ${who} by ${channel} to record how it ended`;
    case 'passed_on':
      return `Told ${who} by ${channel} it was passed on`;
    case 'still_open':
      return `Alerted ${who} by ${channel}: still open`;
  }
}

/** A voice page's call that was placed but missed the person. */
const CALL_ENDINGS: Record<string, string> = {
  'call_ended:busy': 'line busy',
  'call_ended:no_answer': 'not answered',
  'call_ended:failed': 'the call failed',
  'call_ended:no_keypress': 'answered, but no key was pressed',
};

function page(entry: TimelineEntry, who: string): { text: string; tone: Tone } {
  const channel = channelName(entry.channel);
  const level =
    entry.level === undefined ? (entry.notice ? '' : ' (fallback)') : ` (level ${entry.level + 1})`;
  const sent = entry.notice ? noticeText(entry.notice, who, channel) : `Paged ${who} by ${channel}${level}`;
  if (entry.type === 'page_sent') return { text: sent, tone: entry.notice === 'still_open' ? 'bad' : '' };
  if (entry.type === 'page_pending') return { text: `${sent}: not confirmed yet`, tone: '' };
  const ending = Object.hasOwn(CALL_ENDINGS, entry.reason ?? '')
    ? CALL_ENDINGS[entry.reason ?? '']
    : undefined;
  if (ending) return { text: `Call to ${who}${level}: ${ending}`, tone: 'bad' };
  const what = entry.notice ? 'Message' : 'Page';
  return { text: `${what} to ${who} could not be sent: ${words(entry.reason)}`, tone: 'bad' };
}

/** One timeline entry as a sentence, and whether it is good or bad news (for the dot's colour). */
export function describe(
  entry: TimelineEntry,
  serviceName: (id: string) => string,
): { text: string; tone: Tone } {
  const who = entry.who?.name ?? 'someone';
  const level = entry.level === undefined ? '' : ` (level ${entry.level + 1})`;
  switch (entry.type) {
    case 'submitted':
      return { text: `Submitted for ${serviceName(entry.serviceId ?? '')}`, tone: '' };
    case 'routed':
      return { text: `Routed to ${serviceName(entry.serviceId ?? '')}: ${words(entry.reason)}`, tone: '' };
    case 'page_sent':
    case 'page_pending':
    case 'page_failed':
      return page(entry, who);
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
      return { text: `${who} accepted${by(entry.via)}`, tone: 'good' };
    case 'contacted':
      return { text: `${who} called the caller back${by(entry.via)}`, tone: 'good' };
    case 'contact_overdue':
      return { text: `${who} has not recorded a call back in time: reminded`, tone: 'bad' };
    case 'reopened':
      return { text: `Passed on: ${who} did not record a call back in time`, tone: 'bad' };
    case 'handed_back':
      return { text: `Handed back by ${who}${entry.reason ? `: ${entry.reason}` : ''}`, tone: 'bad' };
    case 'resolve_overdue':
      return { text: `Not resolved in time: ${who} reminded, fallback contacts alerted`, tone: 'bad' };
    case 'escalated':
      return { text: `Escalated to level ${(entry.level ?? 0) + 1} after ${words(entry.reason)}`, tone: '' };
    case 'unanswered':
      return { text: 'Nobody accepted: paging the clinic’s fallback contacts', tone: 'bad' };
    case 'fallback_repeat':
      return { text: 'Fallback contacts paged again', tone: 'bad' };
    case 'compacted':
      return { text: `${entry.omitted ?? 'Some'} earlier entries folded`, tone: '' };
    case 'resolved': {
      const outcome = entry.outcome ? ` (${OUTCOME_WORDS[entry.outcome] ?? words(entry.outcome)})` : '';
      return { text: `Resolved by ${who}${outcome}${entry.note ? `: ${entry.note}` : ''}`, tone: 'good' };
    }
    case 'cancelled':
      return { text: `Cancelled by ${who}${entry.reason ? `: ${entry.reason}` : ''}`, tone: '' };
    default:
      return { text: words(entry.type), tone: '' };
  }
}
