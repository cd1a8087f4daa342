import { Temporal } from 'temporal-polyfill';
import type { Primer } from '../prime-provisioned.js';

/** Rota maths: the first zoned conversion loads ICU's time-zone data and warms the Temporal polyfill. */
export const primeTimeZones: Primer = async () =>
  Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO('Europe/London').startOfDay();
