// When the rota hands over. Handoffs follow local wall-clock time (docs/api.md, "Time zones"): handoff k is
// the local date of handoff 0 plus k steps, at `handoff.at`, resolved with Temporal's 'compatible'
// disambiguation (a skipped time moves later by the gap, a repeated time takes its first occurrence).
import { Temporal } from 'temporal-polyfill';
import type { Rotation, Weekday } from '../model.js';

const DAY_MS = 86_400_000;
const ISO_WEEKDAY: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** A rotation parsed once for one zone, so callers needing many handoffs do not redo the work. */
export interface HandoffPlan {
  timeZone: string;
  firstDate: Temporal.PlainDate; // local date of handoff 0
  at: Temporal.PlainTime;
  stepDays: number;
  firstMs: number; // instant of handoff 0
  known: Map<number, number>; // handoff k -> instant, memoised (see planHandoffs)
}

function resolve(date: Temporal.PlainDate, at: Temporal.PlainTime, timeZone: string): number {
  return date.toPlainDateTime(at).toZonedDateTime(timeZone, { disambiguation: 'compatible' })
    .epochMilliseconds;
}

function buildPlan(rotation: Rotation, timeZone: string): HandoffPlan {
  const { every, count = 1, at, weekday } = rotation.handoff;
  if (!Number.isInteger(count) || count < 1) throw new RangeError('handoff.count must be an integer >= 1');
  const start = Temporal.PlainDate.from(rotation.start);
  const time = Temporal.PlainTime.from(at);
  // Weekly rotations begin on the first `weekday` on/after start; without a weekday, on start itself.
  const firstDate =
    every === 'week' && weekday
      ? start.add({ days: (ISO_WEEKDAY[weekday] - start.dayOfWeek + 7) % 7 })
      : start;
  const stepDays = count * (every === 'week' ? 7 : 1);
  const firstMs = resolve(firstDate, time, timeZone);
  return { timeZone, firstDate, at: time, stepDays, firstMs, known: new Map([[0, firstMs]]) };
}

// Each Temporal resolution costs microseconds (tens inside Jest's VM), and the same few rotations are asked
// about over and over (hot paths call shiftIndexAt ~1e5 times), mostly near "now". So plans, and the
// handoffs resolved through them, are memoised. A plan depends only on the fields in its key, so the
// caches cannot go stale; each is simply dropped when it grows large.
const PLAN_CACHE_LIMIT = 128;
const HANDOFF_CACHE_LIMIT = 1024; // at most ~130k cached numbers in all
const planCache = new Map<string, HandoffPlan>();

export function planHandoffs(rotation: Rotation, timeZone: string): HandoffPlan {
  const { every, count, at, weekday } = rotation.handoff;
  const key = `${timeZone}|${rotation.start}|${every}|${count}|${at}|${every === 'week' ? (weekday ?? '') : ''}`;
  let plan = planCache.get(key);
  if (plan === undefined) {
    plan = buildPlan(rotation, timeZone);
    if (planCache.size >= PLAN_CACHE_LIMIT) planCache.clear();
    planCache.set(key, plan);
  }
  return plan;
}

/** Instant of handoff k, from the local date (never instant + duration, which would drift across DST). */
export function handoffFromPlan(plan: HandoffPlan, k: number): number {
  let instant = plan.known.get(k);
  if (instant === undefined) {
    instant = resolve(plan.firstDate.add({ days: k * plan.stepDays }), plan.at, plan.timeZone);
    if (plan.known.size >= HANDOFF_CACHE_LIMIT) plan.known.clear();
    plan.known.set(k, instant);
  }
  return instant;
}

export interface ShiftBracket {
  k: number; // -1 before the first handoff
  start: number; // handoff k (-Infinity when k = -1)
  end: number; // handoff k + 1
}

/** The shift [handoff k, handoff k+1) containing `at`, found from an estimate in O(1) handoff computations. */
export function bracketFromPlan(plan: HandoffPlan, at: number): ShiftBracket {
  if (!Number.isFinite(at)) throw new RangeError('at must be a finite instant');
  if (at < plan.firstMs) return { k: -1, start: -Infinity, end: plan.firstMs };
  // Elapsed time over the step length is off only by DST shifts (hours against a step of days), so the
  // loops below rarely run; they are loops only to stay exact in any zone's history.
  let k = Math.floor((at - plan.firstMs) / (plan.stepDays * DAY_MS));
  let start = handoffFromPlan(plan, k);
  while (start > at) {
    k -= 1; // stops at k = 0 at the latest, since handoff 0 <= at
    start = handoffFromPlan(plan, k);
  }
  let end = handoffFromPlan(plan, k + 1);
  // `<=`: the greatest k whose handoff is not after `at`, so a zero-length shift is skipped.
  while (end <= at) {
    k += 1;
    start = end;
    end = handoffFromPlan(plan, k + 1);
  }
  return { k, start, end };
}

/** Instant (epoch ms) of handoff k >= 0 of `rotation` in `timeZone`. */
export function handoffInstant(rotation: Rotation, timeZone: string, k: number): number {
  if (!Number.isInteger(k) || k < 0) throw new RangeError('k must be an integer >= 0');
  return handoffFromPlan(planHandoffs(rotation, timeZone), k);
}

/** The k whose shift [handoff k, handoff k+1) contains `at`, or -1 before the first handoff. */
export function shiftIndexAt(rotation: Rotation, timeZone: string, at: number): number {
  return bracketFromPlan(planHandoffs(rotation, timeZone), at).k;
}
