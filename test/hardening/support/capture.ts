// Captures everything a process writes: process.stdout/stderr (where the powertools logger writes) and the
// global console, so a test can prove what never appears in any log line.
import { jest } from '@jest/globals';

export interface Capture {
  lines: string[];
  text(): string;
  stop(): void;
}

export function captureOutput(): Capture {
  const lines: string[] = [];
  const undo: Array<() => void> = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    } as typeof stream.write;
    undo.push(() => {
      stream.write = original;
    });
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
    undo.push(() => spy.mockRestore());
  }
  return {
    lines,
    text: () => lines.join('\n'),
    stop: () => {
      for (const u of undo.reverse()) u();
    },
  };
}

/** The ways a phone number may be written: as given, without "+", national format, spaced. */
export function phoneForms(e164: string): string[] {
  const digits = e164.replace(/^\+/, '');
  const national = digits.startsWith('44') ? `0${digits.slice(2)}` : digits;
  return [e164, digits, national, `${national.slice(0, 5)} ${national.slice(5)}`];
}
