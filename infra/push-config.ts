// The `push` part of a stage's config: Web Push pages, signed with the VAPID keys the stateful stack keeps
// in Secrets Manager (docs/deploy.md, "Push notifications (VAPID keys)").
import * as z from 'zod';
import { reservedDomain } from './reserved-examples.js';

export const pushConfigSchema = z
  .strictObject({
    /** Push pages on this stage. Off: push methods cannot be added and GET /v1/push-key answers 404. */
    enabled: z.boolean().default(true),
    /**
     * The VAPID subject, where push services can reach whoever runs the sender: a mailto: address or an
     * https: URL. Default: mailto: the alarm email, else the stage's own https address.
     */
    subject: z
      .string()
      .regex(
        /^(mailto:[^\s@/]+@[a-z0-9.-]+\.[a-z]{2,}|https:\/\/[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?)$/i,
        'must be a mailto: address or an https: URL, e.g. mailto:oncall@clinic.org',
      )
      .optional(),
  })
  .default({ enabled: true });

export type PushConfig = z.output<typeof pushConfigSchema>;

/** The subject push pages are signed with, or undefined for the stage's own address (known at deploy). */
export function pushSubject(push: PushConfig, alarmEmail: string | undefined): string | undefined {
  return push.subject ?? (alarmEmail ? `mailto:${alarmEmail}` : undefined);
}

/** A stage about to be deployed names a subject that reaches someone, not an example domain. */
export function pushIssues(push: PushConfig, issue: (path: string[], message: string) => void): void {
  const domain = push.subject?.replace(/^mailto:[^@]*@|^https:\/\//i, '').split('/')[0];
  if (domain && reservedDomain(domain))
    issue(
      ['push', 'subject'],
      `is an example address (${domain} is reserved); set an address or URL of whoever runs this deployment`,
    );
}
