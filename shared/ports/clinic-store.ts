import type { ContactMethod, NotificationRule } from '../domain/contacts.js';
import type { Clinic, Clinician, ContactChannel, Override, Service } from '../domain/model.js';

/** Everything needed to route a page for a clinic at an instant, read in one call. */
export interface RotaSnapshot {
  clinic: Clinic;
  clinicians: Clinician[];
  services: Service[];
  /** Overrides of all the clinic's services that end after the instant asked for. */
  overrides: Override[];
}

export interface ClinicStore {
  putClinic(clinic: Clinic): Promise<void>;
  getClinic(clinicId: string): Promise<Clinic | null>;
  putClinician(clinician: Clinician): Promise<void>;
  /**
   * Writes the whole record on condition it is as last read (`readUpdatedAt`; null: it must not exist yet).
   * False when someone changed it meanwhile.
   */
  replaceClinician(clinician: Clinician, readUpdatedAt: number | null): Promise<boolean>;
  getClinician(clinicId: string, clinicianId: string): Promise<Clinician | null>;
  listClinicians(clinicId: string): Promise<Clinician[]>;
  /**
   * Replaces the clinician's contact methods (and the channels marked broken that still apply), on condition
   * the record is as last read (`updatedAt`): false when someone changed it meanwhile, or it is gone.
   */
  updateContacts(
    clinicId: string,
    clinicianId: string,
    change: {
      readUpdatedAt: number;
      contacts: ContactMethod[];
      brokenContacts: ContactChannel[];
      /** Replaced too when given; left as stored when absent. */
      notificationRules?: NotificationRule[];
      now: number;
    },
  ): Promise<boolean>;
  /** Also moves updatedAt on, so a contact change read before the mark cannot write over it. */
  markContactBroken(clinicId: string, clinicianId: string, channel: ContactChannel): Promise<void>;
  /**
   * Trusts the channel again (an admin cleared it, or a page just went through on it). Cheap enough to call
   * after every successful send: no write when the channel is not marked broken or there is no such
   * clinician, and never an error for either.
   */
  clearContactBroken(clinicId: string, clinicianId: string, channel: ContactChannel): Promise<void>;
  putService(service: Service): Promise<void>;
  getService(clinicId: string, serviceId: string): Promise<Service | null>;
  listServices(clinicId: string): Promise<Service[]>;
  putOverride(override: Override): Promise<void>;
  /** Returns false when there was no such override. */
  deleteOverride(clinicId: string, serviceId: string, overrideId: string): Promise<boolean>;
  /** One Query: the clinic, its clinicians and services, and overrides ending after `since`. Null if no clinic. */
  loadRota(clinicId: string, since: number): Promise<RotaSnapshot | null>;
}
