import * as z from 'zod';
import { instantSchema } from './common.js';

const MAX_WINDOW_MS = 92 * 24 * 3600 * 1000;

export const onCallQuerySchema = z.strictObject({ at: z.optional(instantSchema) });

export const shiftsQuerySchema = z
  .strictObject({ from: instantSchema, to: instantSchema })
  .superRefine((value, ctx) => {
    if (value.to <= value.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (value.to - value.from > MAX_WINDOW_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a window spans at most 92 days' });
  });

/** The fairness report: a window of at most 92 days, as JSON (default) or CSV. */
export const fairnessQuerySchema = z
  .strictObject({
    from: instantSchema,
    to: instantSchema,
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
  })
  .superRefine((value, ctx) => {
    if (value.to <= value.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (value.to - value.from > MAX_WINDOW_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a window spans at most 92 days' });
  });

/** The coverage gaps ahead: the next 1 to 92 days (default 30). */
export const gapsQuerySchema = z.strictObject({
  days: z.coerce
    .number({ error: 'must be a whole number of days, 1 to 92' })
    .int('must be a whole number of days, 1 to 92')
    .min(1, 'must be at least 1 day')
    .max(92, 'must be at most 92 days')
    .default(30),
});
