import { brokenContactParams, clinicianParams, clinicParams } from '../../../functions/http/params.js';
import { putClinicianSchema } from '../../../shared/schemas/clinician.js';
import { pageQuerySchema } from '../../../shared/schemas/page-query.js';
import { clinicianExample, putClinicianExample } from '../examples.js';
import type { RouteDoc } from '../route-doc.js';
import { clinicianSchema, cliniciansSchema } from '../views/contacts.js';
import { PAGE_PARAMETERS, PAGING } from './paging.js';

const clinicianAnswer = (description: string) => ({
  description,
  schema: clinicianSchema,
  example: clinicianExample,
});

export const clinicianRoutes = {
  'put-clinician': {
    tag: 'Clinicians',
    summary: 'Create or replace a clinician',
    description:
      '`phone` and `email` each add a contact method when the clinician has none with that value, and send it a code: it is paged once verified. A `PUT` never removes a method (`DELETE …/contacts/{contactId}` does). An inactive clinician stays in rotations but is never paged.',
    access: { roles: ['admin'] },
    params: clinicianParams,
    body: { schema: putClinicianSchema, required: true, example: putClinicianExample },
    answers: { 200: clinicianAnswer('The clinician as stored, with their contact methods.') },
    errors: { 409: 'The clinician was changed by someone else at the same time: try again.' },
  },
  'get-clinician': {
    tag: 'Clinicians',
    summary: 'Read a clinician',
    description: '`pageable` is false, with a `warning`, when a page could not reach them.',
    access: { roles: ['admin'] },
    params: clinicianParams,
    answers: { 200: clinicianAnswer('The clinician.') },
  },
  'list-clinicians': {
    tag: 'Clinicians',
    summary: "List a clinic's clinicians",
    description: `The clinic's clinicians in \`clinicianId\` order, with their contact methods. ${PAGING}`,
    access: { roles: ['admin'] },
    params: clinicParams,
    query: pageQuerySchema.in,
    parameters: PAGE_PARAMETERS,
    answers: {
      200: {
        description: 'A page of the clinicians.',
        schema: cliniciansSchema,
        example: { clinicians: [clinicianExample], nextCursor: null },
      },
    },
  },
  'delete-clinician': {
    tag: 'Clinicians',
    summary: 'Delete a clinician',
    description:
      'Only once the rota no longer names them: while a service’s rotation or an escalation level names them, or they hold cover that is not over yet, 409 lists each place (`references`). Their clinician keys are revoked first. Requests keep the names frozen in them: an open one still pages them.',
    access: { roles: ['admin'] },
    params: clinicianParams,
    answers: { 204: { description: 'Deleted, their keys revoked.', kind: 'empty' } },
    errors: {
      409: 'The rota still names them: `references` lists each service field (`path`) and override (`overrideId`) to change first.',
    },
  },
  'clear-broken-contact': {
    tag: 'Clinicians',
    summary: 'Trust a broken channel again',
    description:
      'A channel that failed for good (an opted-out number, an invalid address) is skipped on every request until its address changes, a page on it goes through, or an admin trusts it again here. Clearing a channel that is not marked is a success too.',
    access: { roles: ['admin'] },
    params: brokenContactParams,
    answers: { 200: clinicianAnswer('The clinician, the channel no longer marked.') },
  },
} satisfies Record<string, RouteDoc>;
