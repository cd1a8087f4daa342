import * as z from 'zod/mini';
import { idSchema } from '../../shared/schemas/common.js';

export const clinicParams = z.object({ clinicId: idSchema });
export const clinicianParams = z.object({ clinicId: idSchema, clinicianId: idSchema });
export const serviceParams = z.object({ clinicId: idSchema, serviceId: idSchema });
export const overrideParams = z.object({ clinicId: idSchema, serviceId: idSchema, overrideId: idSchema });
export const keyParams = z.object({ clinicId: idSchema, keyId: idSchema });
export const requestParams = z.object({ clinicId: idSchema, requestId: idSchema });
// zod/mini, as common.ts: every route's path parameters, the request path's included.
export const brokenContactParams = z.extend(clinicianParams, {
  channel: z.enum(['sms', 'email', 'voice', 'push'], {
    error:
      'must be "sms", "email", "voice" or "push": the contact channel (text message, email, voice call or app notification) to trust again',
  }),
});
export const contactParams = z.extend(clinicianParams, { contactId: idSchema });
export const fallbackParams = z.extend(clinicParams, { fallbackId: idSchema });
export const fallbackContactParams = z.extend(fallbackParams, { contactId: idSchema });
export const coverParams = z.extend(clinicParams, { coverId: idSchema });
