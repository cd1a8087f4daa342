import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { functionEntry, type TriggerName } from '../../functions/routes.js';
import { DUE_INDEX, QUEUE_INDEX } from '../../shared/adapters/aws/table-definition.js';
import type { PagingResources } from './paging-resources.js';
import { CrisisFunction, type FunctionLogs, type PushKeysTargets } from './crisis-function.js';
import type { VoiceCalls } from './voice-calls.js';

export interface TriggersProps {
  readonly table: ITable;
  readonly paging: PagingResources;
  readonly logs: FunctionLogs;
  /** Every trigger's environment (where links in pages point, which number SMS come from). */
  readonly environment: Record<string, string>;
  /** Reserved concurrency of a function by name, or undefined for none. */
  readonly reservedConcurrency?: (name: string) => number | undefined;
  /** Provisioned concurrency by function name (stage config): escalate and sms-inbound may keep some. */
  readonly provisionedConcurrency?: (name: string) => number | undefined;
  /** Voice pages' calls: every paging trigger places them, and their keypresses and endings come back here. */
  readonly voice?: VoiceCalls;
  /** Push pages' VAPID keys: every paging trigger sends push where the stage does. */
  readonly pushKeys?: PushKeysTargets;
}

/**
 * The functions driven by AWS events: timer messages (SQS, at the due second), the sweeper
 * (EventBridge, every minute: the safety net) and two-way SMS replies (SNS). What each may do to the
 * table and whether it pages are its row of `triggers` in functions/routes.ts.
 */
export class Triggers extends Construct {
  readonly escalate: CrisisFunction;
  readonly sweeper: CrisisFunction;
  readonly rotaCheck: CrisisFunction;
  readonly smsInbound: CrisisFunction;
  /** The keypress and call-ended functions, when voice calls are set up. */
  readonly voiceFunctions: CrisisFunction[] = [];
  /** Where failed asynchronous invocations (sweeper, SMS replies) land after Lambda's retries. */
  readonly asyncDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: TriggersProps) {
    super(scope, id);
    const { paging } = props;
    this.asyncDeadLetters = new Queue(this, 'AsyncDeadLetters', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.logs.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.asyncDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the asynchronously invoked functions; an alarm fires on its first message.',
    });

    const make = (
      name: TriggerName,
      async: boolean,
      tableOptions: { indexes?: readonly string[] } = {},
      options: { functionName?: string } = {},
    ) => {
      const entry = functionEntry(name);
      const fn = new CrisisFunction(this, name, {
        name,
        ...options,
        logs: props.logs,
        environment: props.environment,
        ...(async ? { deadLetterQueue: this.asyncDeadLetters } : {}),
        reservedConcurrentExecutions: props.reservedConcurrency?.(name),
        provisionedConcurrentExecutions: props.provisionedConcurrency?.(name),
      });
      if (entry.pages)
        fn.bindPaging({
          timerQueue: paging.timerQueue,
          emailTopic: paging.emailTopic,
          key: props.logs.key,
          ...(props.voice && { voice: props.voice.targets }),
          ...(props.pushKeys && { pushKeys: props.pushKeys }),
        });
      if ('notifies' in entry && entry.notifies)
        fn.bindNotices({
          timerQueue: paging.timerQueue,
          emailTopic: paging.emailTopic,
          key: props.logs.key,
          ...(props.pushKeys && { pushKeys: props.pushKeys }),
        });
      if (entry.tableAccess !== 'none') fn.bindTable(props.table, entry.tableAccess, tableOptions);
      return fn;
    };

    this.escalate = make('escalate', false);
    // With a reservation, the poller must not outrun it: throttled SQS deliveries count as receives and
    // would dead-letter timers (maxReceiveCount 5). maxConcurrency keeps them waiting in the queue instead.
    const escalateConcurrency = props.reservedConcurrency?.('escalate');
    this.escalate.live.addEventSource(
      new SqsEventSource(paging.timerQueue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        ...(escalateConcurrency === undefined ? {} : { maxConcurrency: escalateConcurrency }),
      }),
    );
    Validations.of(this.escalate).acknowledge({
      id: 'HIPAA.Security-LambdaDLQ',
      reason:
        'Invoked by an SQS event source mapping: failed messages go to the timer queue’s own dead-letter queue (maxReceiveCount 5), which is alarmed; a function DLQ never applies to polled sources.',
    });

    this.sweeper = make('sweeper', true, { indexes: [DUE_INDEX.name] });
    new Rule(this, 'SweeperSchedule', {
      description: 'crisis-router sweeper: advance overdue requests (safety net under the timer queue)',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.sweeper, { retryAttempts: 2, maxEventAge: Duration.minutes(2) })],
    });

    // The clinic directory is a partition of the queue index (keys.clinicDirectory); shift summaries read
    // the requests of a stretch through it too.
    this.rotaCheck = make('rota-check', true, { indexes: [QUEUE_INDEX.name] });
    new Rule(this, 'RotaCheckSchedule', {
      description:
        'crisis-router rota check: shift notices, and each new coverage gap alerted once to the fallback contacts',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(this.rotaCheck, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });

    this.smsInbound = make('sms-inbound', true);
    paging.inboundSmsTopic.addSubscription(new LambdaSubscription(this.smsInbound.live));

    if (props.voice)
      this.voiceFunctions = props.voice.addEventFunctions(
        (name, options) => make(name, true, {}, options),
        this.asyncDeadLetters,
      );
  }
}
