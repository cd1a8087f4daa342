import { createLogger } from '../http/logger.js';
import { createHandler } from './handler.js';

export const handler = createHandler(createLogger());
