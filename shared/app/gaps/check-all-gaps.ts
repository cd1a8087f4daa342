import { checkClinicGaps, type ClinicGapCheck } from './check-clinic-gaps.js';
import type { GapCheckDeps } from './gap-check-deps.js';

const PAGE = 100;

export interface GapCheckRun {
  clinics: number;
  gaps: number;
  alerted: number;
  sent: number;
  failed: number;
  /** Clinics whose check threw (a store error): checked again next time, the others unaffected. */
  errors: number;
}

/** The check of every clinic, a page of the directory at a time, one clinic after another. */
export async function checkAllGaps(
  deps: GapCheckDeps,
  onError: (clinicId: string, error: unknown) => void = () => undefined,
): Promise<GapCheckRun> {
  const run: GapCheckRun = { clinics: 0, gaps: 0, alerted: 0, sent: 0, failed: 0, errors: 0 };
  let after: string | undefined;
  for (;;) {
    const page = await deps.directory.clinicIdsPage({ limit: PAGE, ...(after !== undefined && { after }) });
    for (const clinicId of page.items) {
      let check: ClinicGapCheck | null;
      try {
        check = await checkClinicGaps(deps, clinicId);
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
    }
    after = page.items.at(-1);
    if (!page.more || after === undefined) return run;
  }
}
