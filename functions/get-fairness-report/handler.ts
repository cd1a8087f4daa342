import type { Logger } from '@aws-lambda-powertools/logger';
import {
  fairnessCsv,
  fairnessReport,
  type FairnessReport,
  type ReportDeps,
} from '../../shared/app/reports/fairness-report.js';
import { fairnessQuerySchema } from '../../shared/schemas/rota-query.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';
import { clinicParams } from '../http/params.js';

/** GET …/reports/fairness?from=&to=&format=: JSON, or CSV for a spreadsheet (docs/api.md, "Fairness report"). */
export const createHandler = (deps: ReportDeps, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    params: clinicParams,
    query: fairnessQuerySchema,
    handle: ({ principal, params, query }) => fairnessReport(deps, principal, params.clinicId, query),
    respond: (report, { query }) =>
      query.format === 'csv'
        ? {
            statusCode: 200,
            headers: {
              'content-type': 'text/csv; charset=utf-8',
              'content-disposition': 'attachment; filename="fairness.csv"',
              'cache-control': 'no-store',
            },
            body: fairnessCsv(report as FairnessReport),
          }
        : null,
  });
