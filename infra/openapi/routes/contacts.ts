import * as z from 'zod';
import {
  clinicianParams,
  contactParams,
  fallbackContactParams,
  fallbackParams,
} from '../../../functions/http/params.js';
import {
  addContactSchema,
  notificationRulesSchema,
  verifyContactSchema,
} from '../../../shared/schemas/clinician.js';
import { clinicExample, contactMethodExample, contactsExample, pendingContactExample } from '../examples.js';
import type { RouteDoc } from '../route-doc.js';
import { fallbackContactsSchema } from '../views/clinics.js';
import { contactMethodSchema, contactsViewSchema } from '../views/contacts.js';

const CLINICIAN_RULE = 'A clinician key manages only its own methods (another clinician’s answer 403).';
const FALLBACK_NOTE =
  'A fallback contact (`fallbackId` from the clinic) has the same routes under the clinic, for its admin. The number in the clinic settings is its first method (`settings-sms`): always paged, changed in the settings, only tested here.';

const method = (description: string, example: unknown = contactMethodExample) => ({
  description,
  schema: contactMethodSchema,
  example,
});

const {
  name: _name,
  phone: _phone,
  ...fallbackExample
} = clinicExample.fallback[0] ?? { name: '', phone: '' };

const ADD = {
  description:
    'Adds a method (`verified: false`) and sends it a 6-digit code by that channel, good for 15 minutes and 5 tries. The same type and value again sends a fresh code (the old one stops working) and answers 201 with the same `contactId`. `voice` needs a calling provider and `push` the stage’s VAPID keys: elsewhere they are 400 at `type`. Email on AWS: the address gets a confirmation link from AWS Notifications instead of a code.',
  body: {
    schema: addContactSchema,
    required: true,
    example: { type: 'sms', value: '+447700900101' },
  },
  answers: { 201: method('The method; a code is on its way.', pendingContactExample) },
  errors: {
    409: 'The value is already verified (`contactId` names it), or the person has 10 methods already.',
  },
} as const;

const VERIFY = {
  description:
    'A wrong code is 400 at `code` with the tries left; an expired code or a sixth try says to add the method again. Verifying a verified method answers 200 again. An email subscription on AWS needs no code: this reads its state back (409 until the link is opened).',
  body: { schema: verifyContactSchema, required: false, example: { code: '123456' } },
  answers: { 200: method('The method, verified.') },
  errors: {
    409: 'No code is waiting (add the method again), or an email subscription is not confirmed yet.',
  },
} as const;

const TEST = {
  description:
    'Sends a TEST page through the pager that sends pages, to a verified method. A permanent refusal of the address pages use marks that channel broken; a success clears it.',
  answers: { 200: method('The method, with the test page’s `lastResult`.') },
  errors: { 409: 'The method is not verified yet.' },
} as const;

const REMOVE = {
  description: 'Removes the method, and takes it out of the notification rules.',
  answers: { 204: { description: 'Removed.', kind: 'empty' } },
} as const;

export const contactRoutes = {
  'list-contacts': {
    tag: 'Contact methods',
    summary: "A clinician's contact methods",
    description:
      'Only a verified method is paged. `plan` is what a page does now; `pageable` is false, with a `warning`, when a page could not reach them. Reading it picks up email subscriptions confirmed (or ended) since.',
    access: { roles: ['admin', 'clinician'], rule: CLINICIAN_RULE },
    params: clinicianParams,
    answers: { 200: { description: 'The methods.', schema: contactsViewSchema, example: contactsExample } },
  },
  'add-contact': {
    tag: 'Contact methods',
    summary: 'Add a contact method',
    access: { roles: ['admin', 'clinician'], rule: CLINICIAN_RULE },
    params: clinicianParams,
    ...ADD,
  },
  'verify-contact': {
    tag: 'Contact methods',
    summary: 'Verify a contact method with its code',
    access: { roles: ['admin', 'clinician'], rule: CLINICIAN_RULE },
    params: contactParams,
    ...VERIFY,
  },
  'test-contact': {
    tag: 'Contact methods',
    summary: 'Send a test page',
    access: { roles: ['admin', 'clinician'], rule: CLINICIAN_RULE },
    params: contactParams,
    ...TEST,
  },
  'remove-contact': {
    tag: 'Contact methods',
    summary: 'Remove a contact method',
    access: { roles: ['admin', 'clinician'], rule: CLINICIAN_RULE },
    params: contactParams,
    ...REMOVE,
  },
  'put-notification-rules': {
    tag: 'Contact methods',
    summary: 'Set notification rules',
    description:
      'Which methods a page uses and how long after the page opens each is tried, one method per channel. `afterSeconds` must be shorter than the shortest wait of any level that can page this person, or the method would never be tried: 400 at `rules.N.afterSeconds`.',
    access: { roles: ['admin', 'clinician'], rule: CLINICIAN_RULE },
    params: clinicianParams,
    body: {
      schema: notificationRulesSchema,
      required: true,
      example: { rules: [{ contactId: 'ct_Q2x9bV7mLk3a', afterSeconds: 0 }] },
    },
    answers: {
      200: {
        description: 'The contacts view, with `notificationRules` and the new `plan`.',
        schema: contactsViewSchema,
        example: {
          ...contactsExample,
          notificationRules: [{ contactId: 'ct_Q2x9bV7mLk3a', afterSeconds: 0 }],
        },
      },
    },
  },
  'list-fallback-contact-methods': {
    tag: 'Contact methods',
    summary: "A fallback contact's contact methods",
    description: FALLBACK_NOTE,
    access: { roles: ['admin'] },
    params: fallbackParams,
    answers: {
      200: { description: 'The methods.', schema: fallbackContactsSchema, example: fallbackExample },
    },
  },
  'add-fallback-contact-method': {
    tag: 'Contact methods',
    summary: 'Add a contact method for a fallback contact',
    access: { roles: ['admin'] },
    params: fallbackParams,
    ...ADD,
    description: `${ADD.description} ${FALLBACK_NOTE}`,
  },
  'verify-fallback-contact-method': {
    tag: 'Contact methods',
    summary: "Verify a fallback contact's method with its code",
    access: { roles: ['admin'] },
    params: fallbackContactParams,
    ...VERIFY,
  },
  'test-fallback-contact-method': {
    tag: 'Contact methods',
    summary: "Send a test page to a fallback contact's method",
    access: { roles: ['admin'] },
    params: fallbackContactParams,
    ...TEST,
    description: `${TEST.description} The number in the clinic settings (\`settings-sms\`) can be tested too.`,
  },
  'remove-fallback-contact-method': {
    tag: 'Contact methods',
    summary: "Remove a fallback contact's method",
    access: { roles: ['admin'] },
    params: fallbackContactParams,
    ...REMOVE,
    errors: { 409: 'The number in the clinic settings is changed there, not removed here.' },
  },
  'get-push-key': {
    tag: 'Contact methods',
    summary: 'The Web Push public key',
    description:
      'The VAPID public key browsers subscribe to push with (`PushManager.subscribe`’s `applicationServerKey`).',
    access: { roles: ['platform', 'admin', 'intake', 'clinician'], rule: 'Any valid key, of any clinic.' },
    answers: {
      200: {
        description: 'The key.',
        schema: z.strictObject({ publicKey: z.string() }),
        example: {
          publicKey:
            'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        },
      },
    },
    errors: { 404: 'This stage sends no push.' },
    withoutErrors: [400, 403],
  },
} satisfies Record<string, RouteDoc>;
