import { Logger } from '@aws-lambda-powertools/logger';

// One logger per function process. Never log bodies, summaries or phone numbers: ids and codes only.
export const createLogger = (serviceName = 'crisis-router') => new Logger({ serviceName });
