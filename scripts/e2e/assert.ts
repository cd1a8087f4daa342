// The e2e script's tiny assertion kit: a failure names what was expected, so a CI log reads on its own.

export class E2eFailure extends Error {
  override name = 'E2eFailure';
}

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new E2eFailure(message);
}

export function checkEqual<T>(actual: T, expected: T, what: string): void {
  check(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `probe` returns something other than undefined. Every wait in the script is bounded: a
 * product that goes silent must fail the run with a message, not hang CI.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new E2eFailure(`${what}: not seen within ${options.timeoutMs} ms`);
    await sleep(options.intervalMs ?? 250);
  }
}

/** True when `expected` occurs in `actual` in this order (other entries may come in between). */
export function inOrder(actual: readonly string[], expected: readonly string[]): boolean {
  let next = 0;
  for (const item of actual) if (item === expected[next]) next++;
  return next === expected.length;
}
