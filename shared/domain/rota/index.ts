// The rota: when handoffs happen, who is on call at an instant, and the shifts over a window.
export { handoffInstant, shiftIndexAt } from './handoffs.js';
export { whoIsOnCall } from './on-call.js';
export type { OnCall, OnCallInput, OnCallSlot } from './on-call.js';
export { shiftsBetween } from './shifts.js';
export type { Gap, Shift, ShiftsInput } from './shifts.js';
export { onCallWithAvailability, withAvailability } from './availability.js';
export type { ExplainedGap, Unavailability, UnavailableSlot } from './availability.js';
