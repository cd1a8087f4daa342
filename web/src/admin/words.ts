// An escalation policy in words, the way an admin reads it back: "Primary, 2 min → Secondary, 5 min →
// repeat once → fallback contacts every 5 min". Pure (no DOM): unit-tested in test/unit/web/.

export type Notify = 'primary' | 'secondary' | 'fallback' | { clinicianId: string };
export interface Level {
  notify: Notify;
  ackTimeoutSeconds: number;
}
export interface FollowUp {
  contactWithinSeconds: number;
  resolveWithinSeconds: number;
}
export interface Escalation {
  levels: Level[];
  repeat: number;
  followUp?: FollowUp;
}

/** "30 s", "2 min", "1 min 30 s", "1 h", "4 h 5 min"; whole seconds. */
export function seconds(total: number): string {
  if (!Number.isFinite(total)) return '? s';
  const s = Math.max(0, Math.round(total));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (rest) parts.push(`${rest} s`);
  return parts.join(' ');
}

/** "no repeat", "repeat once", "repeat twice", "repeat 3 times". */
export function repeatWords(repeat: number): string {
  if (repeat <= 0) return 'no repeat';
  if (repeat === 1) return 'repeat once';
  if (repeat === 2) return 'repeat twice';
  return `repeat ${repeat} times`;
}

/** Who a level pages, capitalised for the start of a step: "Primary", "Fallback contacts", "Dr Ana Okafor". */
export function notifyWords(notify: Notify, nameOf: (clinicianId: string) => string): string {
  if (notify === 'primary') return 'Primary';
  if (notify === 'secondary') return 'Secondary';
  if (notify === 'fallback') return 'Fallback contacts';
  return nameOf(notify.clinicianId);
}

export interface ChainOptions {
  nameOf?: (clinicianId: string) => string;
  /** The clinic's `fallbackRepeatSeconds`: how often the fallback contacts are paged once unanswered. */
  fallbackRepeatSeconds?: number;
}

/**
 * The chain a request follows: each level with its wait, the repeat, then the clinic's fallback contacts
 * (paged again every `fallbackRepeatSeconds` until someone accepts).
 */
export function chainInWords(escalation: Escalation, options: ChainOptions = {}): string {
  const nameOf = options.nameOf ?? ((id: string) => id);
  const steps = escalation.levels.map(
    (level) => `${notifyWords(level.notify, nameOf)}, ${seconds(level.ackTimeoutSeconds)}`,
  );
  if (!steps.length) return 'No levels: every request goes straight to the fallback contacts.';
  if (escalation.repeat > 0) steps.push(repeatWords(escalation.repeat));
  const every = options.fallbackRepeatSeconds;
  steps.push(every ? `fallback contacts every ${seconds(every)}` : 'fallback contacts');
  return steps.join(' → ');
}

/** "After someone accepts: call back within 10 min, resolve within 4 h." */
export function followUpWords(followUp: FollowUp | undefined): string {
  const f = followUp ?? { contactWithinSeconds: 600, resolveWithinSeconds: 14_400 };
  return `After someone accepts: call the caller back within ${seconds(f.contactWithinSeconds)}, resolve within ${seconds(f.resolveWithinSeconds)} of the call.`;
}

/** How long a request can go before the fallback contacts are paged: every level, every round. */
export function secondsToFallback(escalation: Escalation): number {
  const round = escalation.levels.reduce((sum, level) => sum + level.ackTimeoutSeconds, 0);
  return round * (1 + Math.max(0, escalation.repeat));
}

export interface RotationLike {
  participants: string[];
  start: string;
  handoff: { every: 'day' | 'week'; count: number; at: string; weekday?: string };
}

export const WEEKDAY_NAMES: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** "every week on Monday at 09:00, from 2026-01-05", "every 2 days at 18:30, from 2026-01-05". */
export function handoffWords(rotation: RotationLike): string {
  const { every, count, at, weekday } = rotation.handoff;
  const n = count > 1 ? `${count} ${every}s` : every;
  const on = every === 'week' && weekday ? ` on ${WEEKDAY_NAMES[weekday] ?? weekday}` : '';
  return `every ${n}${on} at ${at}, from ${rotation.start}`;
}

/** "Hands over every week on Monday at 09:00, from 2026-01-05: Dev Patel → Erin Walsh". */
export function rotationWords(
  rotation: RotationLike,
  nameOf: (clinicianId: string) => string = (id) => id,
): string {
  const people = rotation.participants.length
    ? rotation.participants.map(nameOf).join(' → ')
    : 'nobody yet (only cover puts someone on call)';
  return `Hands over ${handoffWords(rotation)}: ${people}`;
}
