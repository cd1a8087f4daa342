import * as z from 'zod';
import { MATCHING_MODES } from '../domain/matching.js';
import { idSchema, nameSchema } from './common.js';

const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

const localDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-01-05')
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'is not a real date',
  );

export const rotationSchema = z
  .strictObject({
    participants: z.array(idSchema).max(100),
    start: localDateSchema,
    handoff: z.strictObject({
      every: z.enum(['day', 'week']),
      count: z.number().int().min(1).max(52).default(1),
      at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 08:00'),
      weekday: weekdaySchema.optional(),
    }),
  })
  .superRefine((rotation, ctx) => {
    if (rotation.handoff.every === 'day' && rotation.handoff.weekday)
      ctx.addIssue({
        code: 'custom',
        path: ['handoff', 'weekday'],
        message: 'only weekly rotations take a weekday',
      });
  });

const notifySchema = z.union([
  z.enum(['primary', 'secondary', 'fallback']),
  z.strictObject({ clinicianId: idSchema }),
]);

export const escalationSchema = z.strictObject({
  levels: z
    .array(z.strictObject({ notify: notifySchema, ackTimeoutSeconds: z.number().int().min(10).max(3600) }))
    .min(1, 'at least one level')
    .max(10),
  repeat: z.number().int().min(0).max(5).default(0),
  // After someone accepts: the call back within contactWithinSeconds, the close within resolveWithinSeconds.
  followUp: z
    .strictObject({
      contactWithinSeconds: z
        .number()
        .int()
        .min(60, 'must be at least 60 seconds')
        .max(3600, 'must be at most 3600 seconds (an hour)')
        .default(600),
      resolveWithinSeconds: z
        .number()
        .int()
        .min(600, 'must be at least 600 seconds (ten minutes)')
        .max(86400, 'must be at most 86400 seconds (a day)')
        .default(14400),
    })
    .default({ contactWithinSeconds: 600, resolveWithinSeconds: 14400 }),
});

export const putServiceSchema = z.strictObject({
  name: nameSchema,
  rotation: rotationSchema,
  escalation: escalationSchema,
  fallbackServiceId: z.optional(idSchema),
  /** How a request's language and age group pick people: "prefer" (default) pages matches first, "require" only them. */
  matching: z.enum(MATCHING_MODES, { error: 'must be "prefer" or "require"' }).optional(),
});
export type PutServiceInput = z.infer<typeof putServiceSchema>;
