import { checkClinic } from './check-clinic.js';
import type { RotaCheckDeps } from './rota-check-deps.js';

const PAGE = 100;

export interface RotaCheckRun {
  clinics: number;
  gaps: number;
  alerted: number;
  sent: number;
  failed: number;
  /** Shift notices that went out, and their messages refused. */
  shiftNotices: number;
  shiftNoticeFailures: number;
  /** Cover requests expired untaken, and follow-ups a dead function left that this run finished. */
  coverExpired: number;
  coverRepaired: number;
  /** Clinics whose check threw (a store error): checked again next time, the others unaffected. */
  errors: number;
}

/** The rota check (gaps, shift notices, cover requests) of every clinic, a page of the directory at a time, one clinic after another. */
export async function checkAllClinics(
  deps: RotaCheckDeps,
  onError: (clinicId: string, error: unknown) => void = () => undefined,
): Promise<RotaCheckRun> {
  const run: RotaCheckRun = {
    clinics: 0,
    gaps: 0,
    alerted: 0,
    sent: 0,
    failed: 0,
    shiftNotices: 0,
    shiftNoticeFailures: 0,
    coverExpired: 0,
    coverRepaired: 0,
    errors: 0,
  };
  let after: string | undefined;
  for (;;) {
    const page = await deps.directory.clinicIdsPage({ limit: PAGE, ...(after !== undefined && { after }) });
    for (const clinicId of page.items) {
      let check: Awaited<ReturnType<typeof checkClinic>>;
      try {
        check = await checkClinic(deps, clinicId);
      } catch (error) {
        run.errors++;
        onError(clinicId, error);
        continue;
      }
      if (!check) continue;
      run.clinics++;
      run.gaps += check.gaps;
      run.alerted += check.alerted;
      run.sent += check.sent;
      run.failed += check.failed;
      run.shiftNotices += check.shiftNotices.notices;
      run.shiftNoticeFailures += check.shiftNotices.failed;
      run.coverExpired += check.cover.expired;
      run.coverRepaired += check.cover.repaired;
    }
    after = page.items.at(-1);
    if (!page.more || after === undefined) return run;
  }
}
