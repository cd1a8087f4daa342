// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = { status: number; body: any };
type Call = (method: string, path: string, options?: { key?: string; body?: unknown }) => Promise<Reply>;

const expect200 = (reply: Reply, what: string) => {
  if (reply.status !== 200)
    throw new Error(`${what}: expected 200, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply;
};

/**
 * Confirms a clinician's new number over HTTP as its owner would: the code the local outbox received, sent
 * to …/contacts/{contactId}/verify. A number is paged only once this is done.
 */
export async function verifyPhone(
  call: Call,
  at: { clinicId: string; clinicianId: string; phone: string; key: string },
): Promise<void> {
  const base = `/v1/clinics/${at.clinicId}/clinicians/${at.clinicianId}/contacts`;
  const methods = expect200(await call('GET', base, { key: at.key }), 'contacts').body.contacts as Array<{
    contactId: string;
    type: string;
    value: string;
  }>;
  const method = methods.find((m) => m.type === 'sms' && m.value === at.phone);
  const messages = expect200(
    await call('GET', `/local/outbox?phone=${encodeURIComponent(at.phone)}`),
    'outbox',
  ).body.messages as Array<{ purpose?: string; code: string }>;
  const code = messages.findLast((m) => m.purpose === 'verification')?.code;
  if (!method || !code) throw new Error(`no verification waiting for ${at.clinicianId}`);
  expect200(
    await call('POST', `${base}/${method.contactId}/verify`, { key: at.key, body: { code } }),
    'verify',
  );
}
