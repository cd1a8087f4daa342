import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DUE_INDEX } from '../../shared/adapters/aws/table-definition.js';
import type { Timer, TimerMessage } from '../../shared/ports/timer.js';
import { redeliver } from '../../shared/app/requests/redeliver.js';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';

// The local stack's timers live in memory, so after a restart (or a kill -9) every open request must be
// armed again. The sparse `due` index cannot be trusted for that on the local stack: dynalite maintains a
// GSI in separate, non-atomic LevelDB writes (delete the old index entry, put the new one, then the item),
// so a kill between them leaves an open request that the index does not list. The request items
// themselves are the truth: this reads them with a Scan, every page, no cap.

export interface RearmResult {
  /** Timer messages scheduled: one per open request item and due instant in the window. */
  rearmed: number;
  /** Scan calls made (pages read). */
  pages: number;
}

interface ScannedRequest {
  dueSK?: unknown;
  request?: {
    clinicId?: unknown;
    requestId?: unknown;
    status?: unknown;
    nextDueAt?: unknown;
    position?: { attempt?: unknown };
  };
}

/**
 * When a request item needs its timer: the `dueSK` instant (`<due ms, 15 digits>#<clinic>#<request>`), the
 * store's wake-up time, which may come before the step timeout (a pending page to send again), and the
 * engine's own step timeout (`nextDueAt`) when it is later. Both were in-memory timers of the process that
 * died (in AWS the timeout's SQS message would survive it), so both are armed again. An open item that lost
 * its due attributes still has its nextDueAt.
 */
export function dueInstantsOf(item: ScannedRequest): number[] {
  const instants: number[] = [];
  if (typeof item.dueSK === 'string' && item.dueSK.includes('#')) {
    const due = Number(item.dueSK.slice(0, item.dueSK.indexOf('#')));
    if (Number.isFinite(due)) instants.push(due);
  }
  const next = item.request?.nextDueAt;
  if (typeof next === 'number' && Number.isFinite(next) && !instants.some((due) => due >= next))
    instants.push(next);
  return instants;
}

export class OpenRequestRecovery {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly timer: Timer,
    private readonly clock: () => number,
    /** Items per Scan call (tests make it small to see the paging); the engine's 1 MB page otherwise. */
    private readonly pageLimit?: number,
  ) {}

  /** The timer messages of every open request item, those due at or before `until` (all when omitted). */
  async listOpen(until = Number.POSITIVE_INFINITY): Promise<{ messages: TimerMessage[]; pages: number }> {
    const messages: TimerMessage[] = [];
    let pages = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          // Open means a due time on the item; an open status without one is a damaged item, still armed.
          FilterExpression:
            '#kind = :request AND (attribute_exists(#dueSK) OR #request.#status IN (:paging, :unanswered, :acknowledged, :contacted))',
          ProjectionExpression:
            '#dueSK, #request.#clinicId, #request.#requestId, #request.#status, #request.#nextDueAt, #request.#position.#attempt',
          ExpressionAttributeNames: {
            '#kind': 'kind',
            '#dueSK': DUE_INDEX.sortKey,
            '#request': 'request',
            '#clinicId': 'clinicId',
            '#requestId': 'requestId',
            '#status': 'status',
            '#nextDueAt': 'nextDueAt',
            '#position': 'position',
            '#attempt': 'attempt',
          },
          ExpressionAttributeValues: {
            ':request': 'request',
            ':paging': 'paging',
            ':unanswered': 'unanswered',
            ':acknowledged': 'acknowledged',
            ':contacted': 'contacted',
          },
          ExclusiveStartKey: start,
          ...(this.pageLimit ? { Limit: this.pageLimit } : {}),
        }),
      );
      pages++;
      for (const item of (page.Items ?? []) as ScannedRequest[]) {
        const { clinicId, requestId, position } = item.request ?? {};
        const attempt = position?.attempt;
        if (typeof clinicId !== 'string' || typeof requestId !== 'string' || typeof attempt !== 'number')
          continue;
        for (const dueAt of dueInstantsOf(item))
          if (dueAt <= until) messages.push({ clinicId, requestId, attempt, dueAt });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return { messages, pages };
  }

  /**
   * Schedules the wake-ups of every open request due at or before `until` (all when omitted). A timer for a
   * request that is already armed is harmless: onTimer ignores stale, early and duplicate messages.
   */
  async rearm(until?: number): Promise<RearmResult> {
    const { messages, pages } = await this.listOpen(until);
    const now = this.clock();
    for (const message of messages) await this.timer.schedule(message, now);
    return { rearmed: messages.length, pages };
  }

  /**
   * After a restart the one process that could have been sending a pending page is gone: send every such
   * page again now rather than when it goes stale (a duplicate at worst, as after any crash).
   */
  async resumePendingPages(deps: RequestDeps): Promise<number> {
    const { messages } = await this.listOpen();
    const seen = new Set<string>();
    let resumed = 0;
    for (const { clinicId, requestId } of messages) {
      if (seen.has(requestId)) continue;
      seen.add(requestId);
      const stored = await deps.requests.get(clinicId, requestId);
      if (
        stored?.request.pending?.some((p) => p.since !== undefined) &&
        (await redeliver(deps, stored, { sendersGone: true }))
      )
        resumed++;
    }
    return resumed;
  }
}
