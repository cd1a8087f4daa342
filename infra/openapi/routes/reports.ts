// Reports for the clinic's admin.
import { clinicParams } from '../../../functions/http/params.js';
import { fairnessQuerySchema } from '../../../shared/schemas/rota-query.js';
import type { RouteDoc } from '../route-doc.js';
import { fairnessExample, fairnessReportSchema } from '../views/reports.js';

export const reportRoutes = {
  'get-fairness-report': {
    tag: 'Reports',
    summary: 'Fairness: on-call hours, nights, weekends, pages and time to accept, per clinician',
    description:
      'Over a window of at most 92 days: each clinician’s hours on call as primary (every service, split by the clinic’s clock into nights, 20:00–08:00, and weekends), the pages that left for them in the requests made in the window, how many they accepted and the median time from page to acceptance. `format=csv` answers the same rows as a CSV download. A window with more than 5000 requests is refused: ask for a shorter one.',
    access: { roles: ['admin'] },
    params: clinicParams,
    query: fairnessQuerySchema,
    parameters: {
      from: 'Where the window starts.',
      to: 'Where it ends (exclusive): after `from`, at most 92 days later.',
      format: '`json` (the default) or `csv`.',
    },
    answers: {
      200: {
        description: 'The report.',
        schema: fairnessReportSchema,
        example: fairnessExample,
        csv: 'clinicianId,name,onCallHours,nightHours,weekendHours,pagesReceived,accepted,medianSecondsToAccept',
      },
    },
  },
} satisfies Record<string, RouteDoc>;
