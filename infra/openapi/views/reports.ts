// The fairness report (shared/app/reports/fairness-report.ts).
import * as z from 'zod';
import type { FairnessReport } from '../../../shared/app/reports/fairness-report.js';
import { id, instant, sameFields } from './common.js';

const hours = (description: string) => z.number().min(0).meta({ description });

const clinicianRowSchema = z.strictObject({
  clinicianId: id(),
  name: z.string().nullable().meta({ description: 'Null for someone no longer in the clinic.' }),
  onCallHours: hours('Hours on call as primary, every service together, to two decimals.'),
  nightHours: hours('Of those, the hours between `night.from` and `night.to` on the clinic’s clock.'),
  weekendHours: hours('Of those, the hours of Saturdays and Sundays on the clinic’s clock.'),
  pagesReceived: z.number().int().min(0).meta({ description: 'Pages that left for them (one per page).' }),
  accepted: z.number().int().min(0),
  medianSecondsToAccept: z
    .number()
    .min(0)
    .nullable()
    .meta({ description: 'From the page to their acceptance; null when they accepted none.' }),
});

export const fairnessReportSchema = z
  .strictObject({
    clinicId: id(),
    timezone: z.string(),
    from: instant(),
    to: instant(),
    night: z
      .strictObject({ from: z.string(), to: z.string() })
      .meta({ description: 'Local wall-clock times.' }),
    requests: z.number().int().min(0).meta({ description: 'Requests made in the window.' }),
    clinicians: z.array(clinicianRowSchema),
  })
  .meta({ id: 'FairnessReport', description: 'Per clinician: on-call hours, pages and acceptances.' });
sameFields<z.output<typeof fairnessReportSchema>, FairnessReport>();

export const fairnessExample = {
  clinicId: 'northside',
  timezone: 'Europe/London',
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  night: { from: '20:00', to: '08:00' },
  requests: 2,
  clinicians: [
    {
      clinicianId: 'ana',
      name: 'Ana Smith',
      onCallHours: 360,
      nightHours: 180,
      weekendHours: 96,
      pagesReceived: 2,
      accepted: 1,
      medianSecondsToAccept: 42,
    },
  ],
};
