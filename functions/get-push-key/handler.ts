import type { Logger } from '@aws-lambda-powertools/logger';
import { AppError } from '../../shared/app/errors.js';
import { httpRoute, type HttpOptions } from '../http/http-route.js';

/** The VAPID public key, or undefined where this deployment sends no push. */
export type PushPublicKey = () => Promise<string | undefined>;

/** The key browsers subscribe with (PushManager.subscribe's applicationServerKey): any valid key may read it. */
export const createHandler = (publicKey: PushPublicKey, logger: Logger, http: HttpOptions = {}) =>
  httpRoute(logger, http, {
    handle: async () => {
      const key = await publicKey();
      if (!key) throw new AppError('not_found', 'push notifications are not set up on this deployment');
      return { publicKey: key };
    },
  });
