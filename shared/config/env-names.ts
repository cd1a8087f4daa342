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
  /** Voice pages: 'connect' (calls that take keys) or 'sms-voice' (End User Messaging text-to-speech); unset: none. */
  voiceProvider: 'VOICE_PROVIDER',
  connectInstanceId: 'CONNECT_INSTANCE_ID',
  connectContactFlowId: 'CONNECT_CONTACT_FLOW_ID',
  /** The number voice pages come from (Connect: claimed in the instance; End User Messaging: its number's id). */
  voiceSourceNumber: 'VOICE_SOURCE_NUMBER',
  voiceConfigurationSet: 'VOICE_CONFIGURATION_SET',
  voiceId: 'VOICE_ID',
  /** Push pages: the secret holding the VAPID key pair (generated at deploy); unset: no push on this stage. */
  pushKeysSecretArn: 'PUSH_KEYS_SECRET_ARN',
  /** The VAPID subject push services may contact the sender at: a mailto: or https: URL. */
  pushSubject: 'PUSH_SUBJECT',
  /** Comma-separated browser origins the HTTP functions answer CORS for (from config `cors.allowedOrigins`). */
  corsAllowedOrigins: 'CORS_ALLOWED_ORIGINS',
} as const;
