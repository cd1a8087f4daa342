import * as z from 'zod';
import { idSchema, instantSchema } from './common.js';

const MAX_OVERRIDE_MS = 366 * 24 * 3600 * 1000;

export const createOverrideSchema = z
  .strictObject({ clinicianId: idSchema, start: instantSchema, end: instantSchema })
  .superRefine((value, ctx) => {
    if (value.end <= value.start)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    else if (value.end - value.start > MAX_OVERRIDE_MS)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'an override lasts at most 366 days' });
  });
export type CreateOverrideInput = z.infer<typeof createOverrideSchema>;

/** An update replaces the three fields and is held to the same rules as a new override. */
export const putOverrideSchema = createOverrideSchema;
export type PutOverrideInput = CreateOverrideInput;
