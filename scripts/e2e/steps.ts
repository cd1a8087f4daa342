// The named, timed steps of an end-to-end run and the closing table both e2e scripts print.

export interface StepLog {
  /** Runs one named step and records its time and what it measured. */
  step<T>(name: string, run: () => Promise<T>, note: (value: T) => string): Promise<T>;
  /** The step running now ('' between steps), for the watchdog's and the failure's message. */
  running(): string;
  /** Steps that completed. */
  passed(): number;
  printTable(): void;
}

export function createStepLog(): StepLog {
  const rows: Array<{ step: string; ms: number; note: string }> = [];
  let running = '';
  return {
    async step(name, run, note) {
      const started = Date.now();
      running = name;
      process.stdout.write(`… ${name}\n`);
      const value = await run();
      running = '';
      rows.push({ step: name, ms: Date.now() - started, note: note(value) });
      return value;
    },
    running: () => running,
    passed: () => rows.length,
    printTable() {
      if (!rows.length) return;
      const width = Math.max(...rows.map((r) => r.step.length), 4);
      console.log(`\n${'step'.padEnd(width)}  ${'time'.padStart(8)}  measured`);
      for (const { step: name, ms, note } of rows)
        console.log(`${name.padEnd(width)}  ${`${(ms / 1000).toFixed(1)} s`.padStart(8)}  ${note}`);
    },
  };
}
