// Examples of the document, in the shapes of docs/api.md: the unit tests check each against its schema.

const AT = '2026-12-01T22:00:09.808Z';

export const clinicExample = {
  clinicId: 'northside',
  name: 'Northside Clinic',
  timezone: 'Europe/London',
  fallback: [
    {
      fallbackId: 'duty-desk',
      name: 'Duty desk',
      phone: '+441632960961',
      contacts: [
        {
          contactId: 'settings-sms',
          type: 'sms',
          value: '+441632960961',
          verified: true,
          state: 'verified',
          addedAt: '2026-01-05T09:00:00.000Z',
          verifiedBy: 'clinic-settings',
          lastResult: null,
        },
      ],
      plan: [{ contactId: 'settings-sms', channel: 'sms', afterSeconds: 0 }],
      pageable: true,
    },
  ],
  fallbackRepeatSeconds: 300,
  coverApproval: 'none',
  createdAt: '2026-01-05T09:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
};

export const putClinicExample = {
  name: 'Northside Clinic',
  timezone: 'Europe/London',
  fallback: [{ name: 'Duty desk', phone: '+441632960961' }],
  fallbackRepeatSeconds: 300,
};

export const createdKeyExample = {
  keyId: 'key_Yb3k9QwZ1',
  key: 'crk_0aX3v9mQ2bT7kLw4rN8sYc1dFh6gJp5e',
  role: 'clinician',
  clinicianId: 'femi',
  label: "Femi's phone",
};

export const contactMethodExample = {
  contactId: 'ct_Q2x9bV7mLk3a',
  type: 'sms',
  value: '+447700900101',
  verified: true,
  state: 'verified',
  addedAt: '2026-11-30T12:00:00.000Z',
  verifiedAt: '2026-11-30T12:01:10.000Z',
  verifiedBy: 'code',
  lastResult: { at: '2026-11-30T12:00:00.000Z', kind: 'verification', outcome: 'sent' },
};

export const pendingContactExample = {
  contactId: 'ct_Q2x9bV7mLk3a',
  type: 'sms',
  value: '+447700900101',
  verified: false,
  state: 'pending_code',
  addedAt: '2026-11-30T12:00:00.000Z',
  codeExpiresAt: '2026-11-30T12:15:00.000Z',
  lastResult: { at: '2026-11-30T12:00:00.000Z', kind: 'verification', outcome: 'sent' },
};

const reachability = {
  contacts: [contactMethodExample],
  plan: [{ contactId: 'ct_Q2x9bV7mLk3a', channel: 'sms', afterSeconds: 0 }],
  shiftNoticeMinutes: 60,
  pageable: true,
};

export const contactsExample = { clinicianId: 'femi', ...reachability };

export const clinicianExample = {
  clinicId: 'northside',
  clinicianId: 'femi',
  name: 'Femi Adeyemi',
  active: true,
  brokenContacts: [],
  ...reachability,
  updatedAt: '2026-11-30T12:01:10.000Z',
};

export const putClinicianExample = { name: 'Femi Adeyemi', phone: '+447700900101', active: true };

export const putServiceExample = {
  name: 'General',
  rotation: {
    participants: ['ana', 'ben', 'chloe'],
    start: '2026-01-05',
    handoff: { every: 'week', count: 1, at: '09:00', weekday: 'mon' },
  },
  escalation: {
    levels: [
      { notify: 'primary', ackTimeoutSeconds: 300 },
      { notify: 'secondary', ackTimeoutSeconds: 300 },
      { notify: { clinicianId: 'ana' }, ackTimeoutSeconds: 600 },
    ],
    repeat: 1,
  },
};

export const serviceExample = {
  clinicId: 'northside',
  serviceId: 'general',
  ...putServiceExample,
  escalation: {
    ...putServiceExample.escalation,
    followUp: { contactWithinSeconds: 600, resolveWithinSeconds: 14400 },
  },
  updatedAt: '2026-11-30T12:00:00.000Z',
};

export const onCallExample = {
  serviceId: 'general',
  at: '2026-12-01T22:00:10.538Z',
  timezone: 'Europe/London',
  primary: {
    clinicianId: 'femi',
    name: 'Femi Adeyemi',
    until: '2026-12-02T09:59:57.902Z',
    source: 'override',
  },
  secondary: {
    clinicianId: 'ben',
    name: 'Ben Haddad',
    until: '2026-12-02T08:00:00.000Z',
    source: 'rotation',
  },
  unavailable: [],
};

export const shiftsExample = {
  serviceId: 'general',
  timezone: 'Europe/London',
  shifts: [
    {
      clinicianId: 'ana',
      start: '2026-12-01T09:00:00.000Z',
      end: '2026-12-07T22:00:00.000Z',
      source: 'rotation',
    },
    {
      clinicianId: 'femi',
      start: '2026-12-07T22:00:00.000Z',
      end: '2026-12-08T09:00:00.000Z',
      source: 'override',
    },
  ],
  gaps: [
    {
      start: '2026-12-08T09:00:00.000Z',
      end: '2026-12-15T09:00:00.000Z',
      reason: 'clinician_inactive',
      clinicianId: 'ben',
    },
  ],
};

export const submitExample = {
  serviceId: 'general',
  urgency: 'emergency',
  summary: 'Caller at risk, needs a call back',
  callbackPhone: '+447700900555',
};

const femi = { clinicianId: 'femi', name: 'Femi Adeyemi' };
const ben = { clinicianId: 'ben', name: 'Ben Haddad' };

/** docs/api.md, "The request object": the first level declined, the second paged. */
export const requestExample = {
  requestId: 'req_vai2y9ahej833ymu9au3',
  clinicId: 'northside',
  serviceId: 'general',
  routedServiceId: 'general',
  reference: 'REA9',
  urgency: 'emergency',
  status: 'paging',
  level: 1,
  round: 0,
  assignee: null,
  paging: [ben],
  nextEscalationAt: '2026-12-01T22:00:45.583Z',
  nextFollowUpAt: null,
  acknowledgedAt: null,
  contactedAt: null,
  reopened: 0,
  createdAt: AT,
  timeline: [
    { at: AT, type: 'submitted', serviceId: 'general' },
    {
      at: '2026-12-01T22:00:09.952Z',
      type: 'page_sent',
      who: femi,
      channel: 'sms',
      attempt: 1,
      level: 0,
      round: 0,
      messageId: 'local-1',
    },
    {
      at: '2026-12-01T22:00:15.583Z',
      type: 'declined',
      who: femi,
      attempt: 1,
      level: 0,
      round: 0,
      via: 'sms',
    },
    { at: '2026-12-01T22:00:15.583Z', type: 'escalated', level: 1, round: 0, reason: 'declined' },
    {
      at: '2026-12-01T22:00:15.621Z',
      type: 'page_sent',
      who: ben,
      channel: 'sms',
      attempt: 2,
      level: 1,
      round: 0,
      messageId: 'local-4',
    },
  ],
};

/** What the acceptor's own key reads once they acknowledged: the caller's details and the case link. */
export const acknowledgedExample = {
  ...requestExample,
  status: 'acknowledged',
  assignee: ben,
  paging: [],
  nextEscalationAt: null,
  nextFollowUpAt: '2026-12-01T22:10:20.100Z',
  acknowledgedAt: '2026-12-01T22:00:20.100Z',
  timeline: [
    ...requestExample.timeline,
    {
      at: '2026-12-01T22:00:20.100Z',
      type: 'acknowledged',
      who: ben,
      attempt: 2,
      level: 1,
      round: 0,
      via: 'api',
    },
  ],
  summary: 'Caller at risk, needs a call back',
  callbackPhone: '+447700900555',
  caseUrl: 'https://crisis.example.org/case/WZxZHcEMDXGzUskpoJXP4Q',
};

export const queueExample = {
  requests: [
    {
      requestId: 'req_vai2y9ahej833ymu9au3',
      reference: 'REA9',
      serviceId: 'general',
      routedServiceId: 'general',
      serviceName: 'General',
      urgency: 'emergency',
      status: 'paging',
      level: 1,
      round: 0,
      assignee: null,
      paging: [ben],
      acknowledgedAt: null,
      contactedAt: null,
      createdAt: AT,
      nextEscalationAt: '2026-12-01T22:00:45.583Z',
    },
  ],
  nextCursor: 'eyJjIjoibm9ydGhzaWRlIiwicCI6IjAwMTc5NjE2MjQwOTgwOCNyZXFfdmFpMnk5YWhlajgzM3ltdTlhdTMifQ',
};

export const gapsExample = {
  serviceId: 'general',
  timezone: 'Europe/London',
  from: '2026-12-02T10:00:00.000Z',
  to: '2027-01-01T10:00:00.000Z',
  uncoveredHours: 168,
  coveredBy: { fallbackContacts: ['Duty manager'] },
  gaps: [
    {
      start: '2026-12-08T09:00:00.000Z',
      end: '2026-12-15T09:00:00.000Z',
      hours: 168,
      reason: 'clinician_inactive',
      clinicianId: 'ben',
      name: 'Ben Haddad',
    },
  ],
};
