import * as z from 'zod';
import { instantSchema } from './common.js';

const MAX_WINDOW_MS = 92 * 24 * 3600 * 1000;

export const onCallQuerySchema = z.strictObject({ at: instantSchema.optional() });

export const shiftsQuerySchema = z
  .strictObject({ from: instantSchema, to: instantSchema })
  .superRefine((value, ctx) => {
    if (value.to <= value.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (value.to - value.from > MAX_WINDOW_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'a window spans at most 92 days' });
  });
