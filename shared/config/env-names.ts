// Environment variable names, imported by both the CDK app (which sets them) and the handlers (which read them).
export const ENV = {
  tableName: 'TABLE_NAME',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  timerQueueUrl: 'TIMER_QUEUE_URL',
  emailTopicArn: 'EMAIL_TOPIC_ARN',
  smsOriginationNumber: 'SMS_ORIGINATION_NUMBER',
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** Comma-separated browser origins the HTTP functions answer CORS for (from config `cors.allowedOrigins`). */
  corsAllowedOrigins: 'CORS_ALLOWED_ORIGINS',
} as const;
