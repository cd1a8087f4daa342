import type { ContactMethod, NotificationRule } from '../domain/contacts.js';
import type { Clinic, Clinician, ContactChannel, Override, Service } from '../domain/model.js';
import type { OverridePageRequest, OverrideRemoval, Page, PageRequest } from './page.js';

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
  /**
   * Writes the clinic on condition it is as last read (`readUpdatedAt`; null: it must not exist yet): false
   * when someone changed it meanwhile (settings and fallback contacts' methods share the record).
   */
  replaceClinic(clinic: Clinic, readUpdatedAt: number | null): Promise<boolean>;
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
      /** Likewise: the person's shift notice minutes (their own setting, saved with their rules). */
      shiftNoticeMinutes?: number;
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
  /** The clinic's clinicians in id order, a page at a time. */
  cliniciansPage(clinicId: string, page: PageRequest): Promise<Page<Clinician>>;
  /** The clinic's services in id order, a page at a time. */
  servicesPage(clinicId: string, page: PageRequest): Promise<Page<Service>>;
  /** One override of the service, its latest version wherever an update moved it; null when there is none. */
  getOverride(clinicId: string, serviceId: string, overrideId: string): Promise<Override | null>;
  /** The service's overrides by start (then id), each at its latest version, a page at a time. */
  overridesPage(clinicId: string, serviceId: string, page: OverridePageRequest): Promise<Page<Override>>;
  /**
   * Replaces the override `read` (as getOverride returned it) by `next`, same id, on condition it is still
   * as read: false when it was changed or removed meanwhile, or another change of it is under way. A new
   * `end` moves the stored item (overrides are sorted by end); getOverride and loadRota see one version
   * at every moment, and overrideId stays the same.
   */
  replaceOverride(next: Override, read: Override, now: number): Promise<boolean>;
  /** Removes the override wherever an update moved it (deleteOverride only finds one never moved). */
  removeOverride(
    clinicId: string,
    serviceId: string,
    overrideId: string,
    now: number,
  ): Promise<OverrideRemoval>;
  /** Removes the service and all its overrides (those first); false when there was no such service. */
  deleteService(clinicId: string, serviceId: string): Promise<boolean>;
  /** Removes the clinician's record; false when there was none. */
  deleteClinician(clinicId: string, clinicianId: string): Promise<boolean>;
}
