import * as z from 'zod';

/** What AWS End User Messaging two-way SMS publishes to the inbound topic (docs/architecture.md, "Inbound SMS"). */
export const twoWaySmsSchema = z.object({
  originationNumber: z.string().regex(/^\+[1-9][0-9]{6,14}$/),
  destinationNumber: z.string().optional(),
  messageBody: z.string().max(1600),
});
