import * as z from 'zod/mini';
import './zod-mini-locale.js';

/** What AWS End User Messaging two-way SMS publishes to the inbound topic (docs/architecture.md, "Inbound SMS"). */
export const twoWaySmsSchema = z.object({
  originationNumber: z.string().check(z.regex(/^\+[1-9][0-9]{6,14}$/)),
  destinationNumber: z.optional(z.string()),
  messageBody: z.string().check(z.maxLength(1600)),
});
