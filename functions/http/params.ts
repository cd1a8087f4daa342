import * as z from 'zod';
import { idSchema } from '../../shared/schemas/common.js';

export const clinicParams = z.object({ clinicId: idSchema });
export const clinicianParams = z.object({ clinicId: idSchema, clinicianId: idSchema });
export const serviceParams = z.object({ clinicId: idSchema, serviceId: idSchema });
export const overrideParams = z.object({ clinicId: idSchema, serviceId: idSchema, overrideId: idSchema });
export const keyParams = z.object({ clinicId: idSchema, keyId: idSchema });
export const requestParams = z.object({ clinicId: idSchema, requestId: idSchema });
export const brokenContactParams = clinicianParams.extend({
  channel: z.enum(['sms', 'email', 'voice', 'push'], {
    error:
      'must be "sms", "email", "voice" or "push": the contact channel (text message, email, voice call or app notification) to trust again',
  }),
});
export const contactParams = clinicianParams.extend({ contactId: idSchema });
export const fallbackParams = clinicParams.extend({ fallbackId: idSchema });
export const fallbackContactParams = fallbackParams.extend({ contactId: idSchema });
export const coverParams = clinicParams.extend({ coverId: idSchema });
