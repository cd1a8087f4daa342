// The documentation of every route of functions/routes.ts, by route name. A route without an entry fails
// to compile here, and test/unit/api/openapi.test.ts says which.
import type { RouteName } from '../../../functions/routes.js';
import type { RouteDoc } from '../route-doc.js';
import { clinicianRoutes } from './clinicians.js';
import { clinicRoutes } from './clinics.js';
import { contactRoutes } from './contacts.js';
import { coverRoutes } from './covers.js';
import { feedRoutes } from './feeds.js';
import { linkRoutes } from './links.js';
import { reportRoutes } from './reports.js';
import { requestRoutes } from './requests.js';
import { serviceRoutes } from './services.js';

export const ROUTE_DOCS: Readonly<Record<RouteName, RouteDoc>> = {
  ...clinicRoutes,
  ...clinicianRoutes,
  ...contactRoutes,
  ...serviceRoutes,
  ...coverRoutes,
  ...requestRoutes,
  ...feedRoutes,
  ...reportRoutes,
  ...linkRoutes,
};
