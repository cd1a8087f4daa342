import type { Logger } from '@aws-lambda-powertools/logger';
import type { RequestDeps } from '../../shared/app/requests/request-deps.js';
import { answerVoiceKeypress } from '../../shared/app/requests/voice-keypress.js';
import { voiceConfirmation } from '../../shared/domain/paging/page-text.js';
import { connectFlowInvocationSchema } from '../../shared/schemas/voice-events.js';

/**
 * Invoked by the Connect contact flow with the key pressed. It answers a flat string map the flow reads back:
 * `say` is spoken, `result` is stored on the contact (so the call's end is known to have been answered).
 * An error is spoken as "try the text message", never thrown into the call as silence.
 */
export const createHandler = (deps: RequestDeps, logger: Logger) =>
  async function voiceKeypress(event: unknown): Promise<{ result: string; say: string }> {
    const parsed = connectFlowInvocationSchema.safeParse(event);
    if (!parsed.success || !parsed.data.Details.Parameters.pageRef) {
      logger.warn('voice keypress not understood');
      return { result: 'not_understood', say: voiceConfirmation('not_understood') };
    }
    const { pageRef, digits } = parsed.data.Details.Parameters;
    try {
      const answer = await answerVoiceKeypress(deps, pageRef, digits);
      logger.info('voice keypress handled', { result: answer.result });
      return answer;
    } catch (error) {
      logger.error('voice keypress failed', { error: (error as Error).name });
      return {
        result: 'error',
        say: 'Sorry, your answer could not be recorded. Please answer with the text message or its link. Goodbye.',
      };
    }
  };
