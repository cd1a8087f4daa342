// The request path's schemas use zod/mini (common.ts, request.ts, …): tree-shaken it bundles about 20 KB
// against classic zod's 83 KB (docs/benchmarks.md, cold start). Mini sets no locale of its own, so the
// English fallback messages are set here, as classic zod does when imported; plain-errors.ts words most.
// The one locale by its own path: `locales.en` through the namespace would bundle every language.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
