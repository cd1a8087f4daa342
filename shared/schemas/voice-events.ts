// What the calling providers send us, checked before use: a Connect flow's Lambda invocation, a Connect
// contact event, and an End User Messaging voice event. Anything else is ignored, never guessed at.
import * as z from 'zod';

/** The flow's InvokeLambdaFunction block: its parameters are the page's reference and the key pressed. */
export const connectFlowInvocationSchema = z.object({
  Details: z.object({
    Parameters: z.object({
      pageRef: z.string().max(128).default(''),
      digits: z.string().max(8).default(''),
    }),
  }),
});

/** EventBridge "Amazon Connect Contact Event": only the end of a call matters here. */
export const connectContactEventSchema = z.object({
  'detail-type': z.literal('Amazon Connect Contact Event'),
  detail: z.object({
    eventType: z.string(),
    contactId: z.string().min(1),
    instanceArn: z.string().min(1),
    disconnectReason: z.string().optional(),
  }),
});

/** An End User Messaging SMS and Voice event, as its configuration set publishes it to SNS. */
export const smsVoiceEventSchema = z.object({
  eventType: z.string(),
  messageId: z.string().optional(),
  context: z.record(z.string(), z.string()).optional(),
});
