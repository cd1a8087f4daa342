import type { Clinic, Clinician, Service } from '../domain/model.js';

// The API speaks ISO 8601; the domain keeps epoch milliseconds. These are the only conversions.
export const iso = (ms: number): string => new Date(ms).toISOString();

export const clinicView = (clinic: Clinic) => ({
  ...clinic,
  createdAt: iso(clinic.createdAt),
  updatedAt: iso(clinic.updatedAt),
});

export const clinicianView = (clinician: Clinician) => ({
  ...clinician,
  updatedAt: iso(clinician.updatedAt),
});

export const serviceView = (service: Service) => ({ ...service, updatedAt: iso(service.updatedAt) });
