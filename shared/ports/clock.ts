/** Time is an argument: use cases receive it, adapters provide it. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
