import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** One DynamoDB command as the client sent it: what it was, how long it took, what it read and cost. */
export interface DynamoCall {
  command: string;
  ok: boolean;
  errorName?: string;
  /** Table capacity units the engine reported (ReturnConsumedCapacity: TOTAL), when asked for. */
  consumed?: number;
  count?: number;
  scannedCount?: number;
  input: Record<string, unknown>;
  startedAt: number;
  ms: number;
}

export interface DynamoMeter {
  readonly calls: DynamoCall[];
  reset(): void;
}

/**
 * Records every command sent through `client` (and any DocumentClient built on it), as the integration
 * tests count them (test/support/test-table.ts). With `consumedCapacity`, each read and write also asks
 * the engine for the capacity it consumed, which is how the cost measure counts request units.
 */
export function meterDynamo(
  client: DynamoDBClient,
  options: { consumedCapacity?: boolean } = {},
): DynamoMeter {
  const calls: DynamoCall[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (options.consumedCapacity && context.commandName !== 'DescribeTableCommand')
        input.ReturnConsumedCapacity = 'TOTAL';
      const startedAt = performance.now();
      const call: DynamoCall = {
        command: String(context.commandName).replace(/Command$/, ''),
        ok: true,
        input,
        startedAt,
        ms: 0,
      };
      try {
        const result = await next(args);
        const output = result.output as {
          ConsumedCapacity?: { CapacityUnits?: number };
          Count?: number;
          ScannedCount?: number;
        };
        call.consumed = output.ConsumedCapacity?.CapacityUnits;
        call.count = output.Count;
        call.scannedCount = output.ScannedCount;
        return result;
      } catch (error) {
        call.ok = false;
        call.errorName = (error as Error).name;
        throw error;
      } finally {
        call.ms = performance.now() - startedAt;
        calls.push(call);
      }
    },
    { step: 'initialize', name: 'benchMeter' },
  );
  return {
    calls,
    reset: () => {
      calls.length = 0;
    },
  };
}
